using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PrivateLink.Connectivity.NameResolution;
using PrivateLink.Connectivity.Protocols;
using PrivateLink.Connectivity.Tls;
using PrivateLink.Connectivity.Wire;

namespace PrivateLink.Connectivity;

/// <summary>The probe the workflow calls: picks the protocol's dialect from <see cref="ProbeRequest.Protocol"/> and runs the steps every protocol shares: resolve, connect, negotiate, TLS handshake, verify, and the clear-text fallback.</summary>
/// <remarks>
/// TLS 1.2 is the minimum; SNI and certificate validation use <see cref="ProbeRequest.HostName"/>; trust is the system store plus the
/// destination's CA bundle, or a pinned SHA-256 fingerprint. An invalid certificate is never accepted: with
/// <see cref="ProbeRequest.RequireTls"/> true it fails the probe as <see cref="ProbeStatus.CertificateInvalid"/>; with it false, as for
/// any other TLS failure, the probe retries in clear text and reports clear text with the TLS failure as a warning.
/// When the request gives the endpoint's addresses, the host name is also resolved (the system resolver, or the configured
/// <see cref="ProbeOptions.DnsServers"/>) and the result says whether it resolves to the endpoint's private IP.
/// <para>
/// Fallback policy (RequireTls = false): TLS is always tried first; when it fails for any reason — the server declines TLS in
/// its protocol (SSLRequest 'N', no CLIENT_SSL, ENCRYPT_NOT_SUP), the handshake fails or times out, or the certificate does not
/// validate — the probe retries in clear text on a new connection and reports clear text with the TLS failure as a warning
/// (<see cref="ProbeResult.ClearText"/>, <see cref="ProbeResult.TlsFailureReason"/>). The certificate is never accepted: nothing
/// is sent over a TLS session whose certificate failed. When the clear-text retry fails too, the result keeps the TLS failure's
/// status for a certificate failure (the fix the destination needs) and the clear-text failure's status otherwise, naming both.
/// </para>
/// </remarks>
public sealed class ConnectivityProbe : IConnectivityProbe
{
    private readonly ProbeOptions options;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly TcpConnector connector;
    private readonly IHostNameResolver resolver;

    /// <summary>Initializes a new instance of the <see cref="ConnectivityProbe"/> class.</summary>
    /// <param name="options">Timeouts and limits.</param>
    /// <param name="timeProvider">The clock for timeouts, timings and certificate validity.</param>
    /// <param name="logger">The logger; when null, nothing is logged.</param>
    public ConnectivityProbe(IOptions<ProbeOptions> options, TimeProvider timeProvider, ILogger<ConnectivityProbe>? logger = null)
        : this(options, timeProvider, logger, ConnectSocketAsync)
    {
    }

    internal ConnectivityProbe(IOptions<ProbeOptions> options, TimeProvider timeProvider, ILogger? logger, TcpConnector connector)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        this.options = options.Value;
        this.timeProvider = timeProvider;
        this.logger = logger ?? NullLogger.Instance;
        this.connector = connector;
        resolver = NameResolutionCheck.TryParseServers(this.options.DnsServers, out IReadOnlyList<IPEndPoint> dnsServers, out _) && dnsServers.Count > 0
            ? new DnsServerHostNameResolver(dnsServers, this.options.ConnectTimeout)
            : new SystemHostNameResolver();
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

        IProtocolDialect dialect = request.Protocol switch
        {
            ProbeProtocol.PostgreSql => new PostgreSqlDialect(),
            ProbeProtocol.MySql => new MySqlDialect(),
            ProbeProtocol.Tds => new TdsDialect(),
            ProbeProtocol.Https => new HttpsDialect(),
            ProbeProtocol.MongoDb => new MongoDbDialect(),
            _ => throw new ArgumentException($"Unknown protocol {request.Protocol}.", nameof(request)),
        };
        return RunAsync(dialect, request, cancellationToken);
    }

    /// <summary>Connects with a plain socket.</summary>
    private static async ValueTask<Socket> ConnectSocketAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        Socket socket = new(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Probes one port with <paramref name="dialect"/>: the steps every protocol shares.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    private async Task<ProbeResult> RunAsync(IProtocolDialect dialect, ProbeRequest request, CancellationToken cancellationToken)
    {
        bool direct = dialect.AlwaysDirect || request.TlsMode == ProbeTlsMode.Direct;
        if (direct && !dialect.AlwaysDirect && dialect.DirectAlpn is null)
        {
            throw new ArgumentException($"{dialect.DisplayName} has no TLS-first mode; use {nameof(ProbeTlsMode)}.{nameof(ProbeTlsMode.Negotiated)}.", nameof(request));
        }

        Log.ProbeStarting(logger, request.Protocol, request.HostName, request.Port, request.DestinationId, request.RequireTls, request.TlsMode);
        Timings timings = new();
        NameResolutionResult? name = request.ExpectedAddresses is { Count: > 0 } expected
            ? await CheckNameAsync(request, expected, timings, cancellationToken).ConfigureAwait(false)
            : null;
        ProbeResult result;
        try
        {
            result = await RunCoreAsync(dialect, request, direct, timings, cancellationToken).ConfigureAwait(false);
        }
        catch (ProbeFailureException failure)
        {
            result = Result(request, failure.Status, failure.Message, timings, tlsFailureReason: null);
        }

        if (name is not null)
        {
            result = ApplyNameCheck(request, result, name);
        }

        if (result.Succeeded)
        {
            if (result.ClearText)
            {
                Log.ProbeFellBackToClearText(logger, request.Protocol, request.HostName, request.Port, request.DestinationId, result.TlsFailureReason ?? "");
            }

            Log.ProbeCompleted(logger, request.Protocol, request.HostName, request.Port, request.DestinationId, result.Detail);
        }
        else
        {
            Log.ProbeFailed(logger, request.Protocol, request.HostName, request.Port, request.DestinationId, result.Status, result.Detail);
        }

        return result;
    }

    private async Task<ProbeResult> RunCoreAsync(IProtocolDialect dialect, ProbeRequest request, bool direct, Timings timings, CancellationToken cancellationToken)
    {
        if (!TryLoadTrust(request, out X509Certificate2Collection? bundle, out string? pin, out string? trustProblem))
        {
            return Result(request, ProbeStatus.CertificateInvalid, trustProblem, timings, trustProblem);
        }

        IPAddress[] addresses = await ResolveAsync(request, timings, cancellationToken).ConfigureAwait(false);
        ProbeResult attempt;
        using (Socket socket = await ConnectAsync(addresses, request.Port, timings, cancellationToken).ConfigureAwait(false))
        await using (NetworkStream network = new(socket, ownsSocket: false))
        {
            attempt = await TryTlsAsync(dialect, request, direct, network, bundle, pin, timings, cancellationToken).ConfigureAwait(false);
        }

        // TLS answered, or failed where it is required, or was declined in an answer that already proves the server there.
        if (attempt.Succeeded || request.RequireTls)
        {
            return attempt;
        }

        string reason = attempt.Detail;

        // The failed handshake left nothing usable: a new connection for the clear-text check.
        try
        {
            using Socket socket = await ConnectAsync(addresses, request.Port, timings, cancellationToken).ConfigureAwait(false);
            await using NetworkStream network = new(socket, ownsSocket: false);
            string answered = await PhaseAsync($"{dialect.DisplayName} clear-text check", options.NegotiationTimeout, t => timings.NegotiationMs += t,
                ct => dialect.CheckClearTextAsync(network, request, ct), cancellationToken).ConfigureAwait(false);
            return ClearText(request, answered, reason, timings);
        }
        catch (ProbeFailureException failure) when (attempt.Status == ProbeStatus.CertificateInvalid)
        {
            return Result(request, ProbeStatus.CertificateInvalid, $"{reason}; the clear-text retry failed too: {failure.Message}", timings, reason);
        }
        catch (ProbeFailureException failure)
        {
            return Result(request, failure.Status, $"{failure.Message} (after TLS failed: {reason})", timings, reason);
        }
    }

    /// <summary>Negotiates and runs the TLS handshake on the first connection, then proves the protocol answers over it.</summary>
    /// <returns>The probe's result when TLS answered, or when the server declined TLS in an answer that proves it is there;
    /// otherwise the failure as it stands when TLS is required, whose <see cref="ProbeResult.Detail"/> is the reason for a clear-text retry.</returns>
    private async Task<ProbeResult> TryTlsAsync(
        IProtocolDialect dialect, ProbeRequest request, bool direct, NetworkStream network,
        X509Certificate2Collection? bundle, string? pin, Timings timings, CancellationToken cancellationToken)
    {
        Stream transport = network;
        string negotiated = "";
        if (!direct)
        {
            Negotiation negotiation = await PhaseAsync($"{dialect.DisplayName} negotiation", options.NegotiationTimeout, t => timings.NegotiationMs += t,
                ct => dialect.NegotiateAsync(network, request, ct), cancellationToken).ConfigureAwait(false);
            if (!negotiation.TlsOffered)
            {
                string declined = $"server does not support TLS ({negotiation.Description})";
                return request.RequireTls
                    ? TlsFailed(request, ProbeStatus.TlsRejected, declined, timings)
                    : ClearText(request, negotiation.Description, declined, timings);
            }

            negotiated = negotiation.Description;
            transport = negotiation.HandshakeTransport ?? network;
        }

        CertificateValidator validator = new(request.HostName, bundle, pin, timeProvider, options.CheckCertificateRevocation);
        RecordingStream recorder = new(transport);
        await using SslStream tls = new(recorder, leaveInnerStreamOpen: true);
        SslClientAuthenticationOptions sslOptions = new()
        {
            TargetHost = request.HostName,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            RemoteCertificateValidationCallback = validator.Validate,
            CertificateRevocationCheckMode = options.CheckCertificateRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck,
        };
        if (direct && dialect.DirectAlpn is { } alpn)
        {
            // MongoDB is TLS first without ALPN, as its drivers connect.
            sslOptions.ApplicationProtocols = [alpn];
        }

        long started = timeProvider.GetTimestamp();
        void RecordHandshake() => timings.HandshakeMs += timeProvider.GetElapsedTime(started).TotalMilliseconds;
        using (CancellationTokenSource timeout = new(options.HandshakeTimeout, timeProvider))
        using (CancellationTokenSource linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
        {
            try
            {
                await tls.AuthenticateAsClientAsync(sslOptions, linked.Token).ConfigureAwait(false);
            }
            catch (Exception) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                RecordHandshake();
                return TlsFailed(request, ProbeStatus.TimedOut, $"timed out after {Seconds(options.HandshakeTimeout)} during the TLS handshake", timings);
            }
            catch (Exception ex) when (ex is AuthenticationException or IOException or FormatException or SocketException)
            {
                RecordHandshake();
                return ExplainHandshakeFailure(request, validator, recorder, ex, timings);
            }
        }

        RecordHandshake();
        string answered = await PhaseAsync($"{dialect.DisplayName} exchange over TLS", options.NegotiationTimeout, t => timings.NegotiationMs += t,
            ct => dialect.VerifyOverTlsAsync(tls, request, direct, ct), cancellationToken).ConfigureAwait(false);

        X509Certificate2 certificate = tls.RemoteCertificate as X509Certificate2
            ?? X509CertificateLoader.LoadCertificate(tls.RemoteCertificate!.GetRawCertData());
        DateTimeOffset notAfter = new(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        TlsSessionInfo session = new(
            tls.SslProtocol.ToString(),
            tls.NegotiatedCipherSuite.ToString(),
            certificate.Subject,
            certificate.Issuer,
            notAfter,
            CertificateValidator.Sha256(certificate),
            notAfter - timeProvider.GetUtcNow() <= options.ExpiryWarningWindow);
        string detail = negotiated.Length > 0 && !answered.StartsWith(negotiated, StringComparison.Ordinal)
            ? $"{answered} ({negotiated}); {session.Version} {session.CipherSuite}"
            : $"{answered}; {session.Version} {session.CipherSuite}";
        return new ProbeResult(ProbeStatus.Succeeded, request.Port, request.Protocol, detail, session, false, null, timings.ToRecord());
    }

    private static ProbeResult ExplainHandshakeFailure(ProbeRequest request, CertificateValidator validator, RecordingStream recorder, Exception ex, Timings timings)
    {
        ProbeResult Failed(string reason, ProbeStatus status = ProbeStatus.TlsRejected) => TlsFailed(request, status, reason, timings);

        if (validator.Failure is { } certificateFailure)
        {
            return Failed(certificateFailure, ProbeStatus.CertificateInvalid);
        }

        if ((recorder.FramingError ?? FindInner<FormatException>(ex)) is { } framing)
        {
            return Failed($"TLS handshake: {framing.Message}", ProbeStatus.ProtocolError);
        }

        ReadOnlySpan<byte> first = recorder.FirstBytes;
        if (first.IsEmpty)
        {
            return FindInner<SocketException>(ex) is { SocketErrorCode: SocketError.ConnectionReset }
                ? Failed("server reset the connection during the TLS handshake")
                : Failed("server closed the connection during the TLS handshake without answering");
        }

        // A TLS record starts with content type 0x16 (handshake) or 0x15 (alert), then version 0x03 0x0X.
        if (first[0] is not (0x15 or 0x16) || (first.Length > 1 && first[1] != 0x03))
        {
            return Failed($"server does not support TLS: it answered {Hex.Format(first)} instead of a TLS handshake");
        }

        if (first[0] == 0x15 && first.Length >= 7)
        {
            return Failed($"server refused the TLS handshake with alert {first[6]} ({AlertName(first[6])})");
        }

        if (recorder.SawEndOfStream && !validator.CertificateSeen)
        {
            return Failed("server closed the connection in the middle of the TLS handshake");
        }

        return Failed($"TLS handshake failed: {Flatten(ex)}");
    }

    /// <summary>Resolves the host name the way the connectors will (within the connect timeout) and compares it with the endpoint's addresses.</summary>
    private async Task<NameResolutionResult> CheckNameAsync(ProbeRequest request, IReadOnlyList<string> expected, Timings timings, CancellationToken cancellationToken)
    {
        NameResolutionCheck check = new(request.HostName, expected, resolver.Description);
        long started = timeProvider.GetTimestamp();
        using CancellationTokenSource timeout = new(options.ConnectTimeout, timeProvider);
        using CancellationTokenSource linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await resolver.LookupAsync(check, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return check.Failed($"timed out after {Seconds(options.ConnectTimeout)}");
        }
        finally
        {
            timings.ResolveMs += timeProvider.GetElapsedTime(started).TotalMilliseconds;
        }
    }

    /// <summary>Attaches the name check; a name that does not resolve to the endpoint fails a successful probe only when strict.</summary>
    private ProbeResult ApplyNameCheck(ProbeRequest request, ProbeResult result, NameResolutionResult name)
    {
        result = result with { NameResolution = name };
        if (name.ResolvesToEndpoint)
        {
            return result;
        }

        Log.NameNotPrivate(logger, request.HostName, request.DestinationId, name.Outcome, request.StrictNameResolution, name.Detail);
        return request.StrictNameResolution && result.Succeeded
            ? result with { Status = ProbeStatus.NameNotPrivate, Detail = $"{name.Detail}; strict name checking is on (the port itself answered: {result.Detail})" }
            : result;
    }

    private async Task<IPAddress[]> ResolveAsync(ProbeRequest request, Timings timings, CancellationToken cancellationToken)
    {
        string target = request.ConnectAddress ?? request.HostName;
        if (IPAddress.TryParse(target, out IPAddress? literal))
        {
            return [literal];
        }

        try
        {
            IPAddress[] addresses = await PhaseAsync("name resolution", options.ConnectTimeout, t => timings.ResolveMs += t,
                ct => Dns.GetHostAddressesAsync(target, ct), cancellationToken).ConfigureAwait(false);
            return addresses.Length > 0 ? addresses : throw new ProbeFailureException(ProbeStatus.Unresolved, $"{target} resolved to no address");
        }
        catch (ProbeFailureException failure) when (failure.InnerException is SocketException socket)
        {
            throw new ProbeFailureException(ProbeStatus.Unresolved, $"could not resolve {target}: {socket.Message}", socket);
        }
    }

    private async Task<Socket> ConnectAsync(IPAddress[] addresses, int port, Timings timings, CancellationToken cancellationToken)
    {
        return await PhaseAsync("TCP connect", options.ConnectTimeout, t => timings.ConnectMs += t, async ct =>
        {
            SocketException? last = null;
            foreach (IPAddress address in addresses)
            {
                try
                {
                    return await connector(new IPEndPoint(address, port), ct).ConfigureAwait(false);
                }
                catch (SocketException ex)
                {
                    last = ex;
                }
            }

            throw last!;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one phase under its timeout and maps its failures to outcomes.</summary>
    private async Task<T> PhaseAsync<T>(string phase, TimeSpan limit, Action<double> record, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        long started = timeProvider.GetTimestamp();
        using CancellationTokenSource timeout = new(limit, timeProvider);
        using CancellationTokenSource linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await action(linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not ProbeFailureException && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ProbeFailureException(ProbeStatus.TimedOut, $"timed out after {Seconds(limit)} during {phase}", ex);
        }
        catch (FormatException ex)
        {
            throw new ProbeFailureException(ProbeStatus.ProtocolError, $"{phase}: {ex.Message}", ex);
        }
        catch (EndOfStreamException ex)
        {
            throw new ProbeFailureException(ProbeStatus.ProtocolError, $"{phase}: {ex.Message}", ex);
        }
        catch (Exception ex) when (FindInner<SocketException>(ex) is { } socket && !cancellationToken.IsCancellationRequested)
        {
            throw socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => new ProbeFailureException(ProbeStatus.Refused, "connection refused", socket),
                SocketError.ConnectionReset => new ProbeFailureException(ProbeStatus.Refused, $"connection reset by the server during {phase}", socket),
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => new ProbeFailureException(ProbeStatus.Unresolved, $"could not resolve the host: {socket.Message}", socket),
                _ => new ProbeFailureException(ProbeStatus.Refused, $"{phase} failed: {socket.Message} ({socket.SocketErrorCode})", socket),
            };
        }
        catch (IOException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ProbeFailureException(ProbeStatus.ProtocolError, $"{phase}: {ex.Message}", ex);
        }
        finally
        {
            record(timeProvider.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private static bool TryLoadTrust(ProbeRequest request, out X509Certificate2Collection? bundle, out string? pin, [NotNullWhen(false)] out string? problem)
    {
        bundle = null;
        pin = null;
        problem = null;
        if (request.PinnedCertificateSha256 is { Length: > 0 } configuredPin)
        {
            pin = CertificateValidator.NormalizePin(configuredPin);
            if (pin is null)
            {
                problem = "the configured certificate pin is not a SHA-256 fingerprint (64 hex digits)";
                return false;
            }
        }

        if (request.TrustedCaBundlePem is { Length: > 0 } pem)
        {
            bundle = [];
            try
            {
                bundle.ImportFromPem(pem);
            }
            catch (CryptographicException ex)
            {
                problem = $"the configured CA bundle could not be read: {ex.Message}";
                return false;
            }

            if (bundle.Count == 0)
            {
                problem = "the configured CA bundle holds no certificate";
                return false;
            }
        }

        return true;
    }

    private static ProbeResult Result(ProbeRequest request, ProbeStatus status, string detail, Timings timings, string? tlsFailureReason, bool clearText = false) =>
        new(status, request.Port, request.Protocol, detail, null, clearText, tlsFailureReason, timings.ToRecord());

    /// <summary>A failed TLS attempt as the probe reports it when TLS is required; <paramref name="reason"/> is its detail.</summary>
    private static ProbeResult TlsFailed(ProbeRequest request, ProbeStatus status, string reason, Timings timings) =>
        Result(request, status, reason, timings, status is ProbeStatus.TlsRejected or ProbeStatus.CertificateInvalid ? reason : null);

    /// <summary>Clear text used because TLS failed: <paramref name="answered"/> proves the server, <paramref name="reason"/> is the warning.</summary>
    private static ProbeResult ClearText(ProbeRequest request, string answered, string reason, Timings timings) =>
        Result(request, ProbeStatus.Succeeded, $"{answered}; clear text used because TLS failed: {reason}", timings, reason, clearText: true);

    private static string Seconds(TimeSpan span) => $"{span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s";

    private static T? FindInner<T>(Exception? ex)
        where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is T match)
            {
                return match;
            }
        }

        return null;
    }

    private static string Flatten(Exception ex)
    {
        List<string> messages = [];
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
        }

        return string.Join(" → ", messages.Distinct());
    }

    private static string AlertName(byte description) => description switch
    {
        10 => "unexpected_message",
        20 => "bad_record_mac",
        40 => "handshake_failure",
        42 => "bad_certificate",
        47 => "illegal_parameter",
        48 => "unknown_ca",
        50 => "decode_error",
        70 => "protocol_version",
        71 => "insufficient_security",
        80 => "internal_error",
        112 => "unrecognized_name",
        116 => "certificate_required",
        120 => "no_application_protocol",
        _ => "unknown alert",
    };

    /// <summary>The phases' times as they add up, in the members of the <see cref="ProbeTimings"/> they become.</summary>
    private sealed class Timings
    {
        public double ResolveMs { get; set; }

        public double ConnectMs { get; set; }

        public double NegotiationMs { get; set; }

        public double HandshakeMs { get; set; }

        public ProbeTimings ToRecord() => new(ResolveMs, ConnectMs, NegotiationMs, HandshakeMs);
    }
}
