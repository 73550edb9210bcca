using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PrivateLink.Connectivity.NameResolution;
using PrivateLink.Connectivity.Protocols;

namespace PrivateLink.Connectivity;

/// <summary>The probe the workflow calls: picks the protocol implementation from <see cref="ProbeRequest.Protocol"/> and runs the shared TLS steps.</summary>
/// <remarks>
/// TLS 1.2 is the minimum; SNI and certificate validation use <see cref="ProbeRequest.HostName"/>; trust is the system store plus the
/// destination's CA bundle, or a pinned SHA-256 fingerprint. An invalid certificate is never accepted: with
/// <see cref="ProbeRequest.RequireTls"/> true it fails the probe as <see cref="ProbeStatus.CertificateInvalid"/>; with it false, as for
/// any other TLS failure, the probe retries in clear text and reports clear text with the TLS failure as a warning.
/// When the request gives the endpoint's addresses, the host name is also resolved (the system resolver, or the configured
/// <see cref="ProbeOptions.DnsServers"/>) and the result says whether it resolves to the endpoint's private IP.
/// </remarks>
public sealed class ConnectivityProbe : IConnectivityProbe
{
    private readonly Dictionary<ProbeProtocol, IProtocolDialect> dialects;
    private readonly ProbeRunner runner;

    /// <summary>Initializes a new instance of the <see cref="ConnectivityProbe"/> class.</summary>
    /// <param name="options">Timeouts and limits.</param>
    /// <param name="timeProvider">The clock for timeouts, timings and certificate validity.</param>
    /// <param name="logger">The logger; when null, nothing is logged.</param>
    public ConnectivityProbe(IOptions<ProbeOptions> options, TimeProvider timeProvider, ILogger<ConnectivityProbe>? logger = null)
        : this(options, timeProvider, logger, ProbeRunner.ConnectSocketAsync)
    {
    }

    internal ConnectivityProbe(IOptions<ProbeOptions> options, TimeProvider timeProvider, ILogger? logger, TcpConnector connector)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        IReadOnlyList<System.Net.IPEndPoint> dnsServers = options.Value.DnsServerEndPoints;
        IHostNameResolver resolver = dnsServers.Count > 0
            ? new DnsServerHostNameResolver(dnsServers, options.Value.ConnectTimeout)
            : new SystemHostNameResolver();
        runner = new ProbeRunner(options.Value, timeProvider, logger ?? NullLogger.Instance, connector, resolver);
        IProtocolDialect[] all = [new PostgreSqlDialect(), new MySqlDialect(), new TdsDialect(), new HttpsDialect(), new MongoDbDialect()];
        dialects = all.ToDictionary(d => d.Protocol);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The request has no host name, an invalid port, an unknown protocol, or asks MySQL for direct TLS.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.HostName, nameof(request));
        if (request.Port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Port, "The port must be between 1 and 65535.");
        }

        return dialects.TryGetValue(request.Protocol, out IProtocolDialect? dialect)
            ? runner.RunAsync(dialect, request, cancellationToken)
            : throw new ArgumentException($"Unknown protocol {request.Protocol}.", nameof(request));
    }
}
