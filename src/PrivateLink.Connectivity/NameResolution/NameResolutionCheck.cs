using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DnsClient;
using DnsClient.Protocol;

namespace PrivateLink.Connectivity.NameResolution;

/// <summary>Resolves the destination's host name the way the connectors will and compares the answer with the endpoint's private IPs.</summary>
/// <remarks>One check of one host name: the resolver answers through <see cref="Found"/>, <see cref="NotFound"/> or <see cref="Failed"/>.</remarks>
/// <param name="hostName">The destination's host name.</param>
/// <param name="expected">The endpoint's private IP addresses.</param>
/// <param name="resolver">The resolver's description: <c>system</c> or the server's <c>ip:port</c>.</param>
internal sealed class NameResolutionCheck(string hostName, IReadOnlyList<string> expected, string resolver)
{
    private static readonly (IPAddress Network, int PrefixLength)[] PrivateRanges =
    [
        (IPAddress.Parse("10.0.0.0"), 8),        // RFC 1918
        (IPAddress.Parse("172.16.0.0"), 12),     // RFC 1918
        (IPAddress.Parse("192.168.0.0"), 16),    // RFC 1918
        (IPAddress.Parse("100.64.0.0"), 10),     // shared address space, usable in VNets
        (IPAddress.Parse("127.0.0.0"), 8),       // loopback (the emulator's endpoints)
        (IPAddress.Parse("fc00::"), 7),          // unique local
        (IPAddress.IPv6Loopback, 128),
    ];

    /// <summary>Gets the host name to look up.</summary>
    public string HostName { get; } = hostName;

    /// <summary>Resolves <paramref name="hostName"/> and classifies the answer.</summary>
    /// <param name="resolver">The resolver the connectors' path uses.</param>
    /// <param name="hostName">The destination's host name.</param>
    /// <param name="expected">The endpoint's private IP addresses.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The result; a failed lookup is a result, not an exception.</returns>
    public static Task<NameResolutionResult> RunAsync(IHostNameResolver resolver, string hostName, IReadOnlyList<string> expected, CancellationToken cancellationToken) =>
        resolver.LookupAsync(new NameResolutionCheck(hostName, expected, resolver.Description), cancellationToken);

    /// <summary>The answer when the name has addresses: whether one of them is the endpoint's, or they are other private or public ones.</summary>
    /// <param name="found">The IPv4 and IPv6 addresses (at least one).</param>
    /// <param name="aliases">The CNAME chain followed, when the resolver reports it.</param>
    /// <returns>The result.</returns>
    public NameResolutionResult Found(IReadOnlyList<IPAddress> found, IReadOnlyList<string> aliases)
    {
        string[] addresses = found.Select(a => (a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a).ToString()).Distinct().ToArray();
        string via = Via(aliases);
        HashSet<string> wanted = expected.Select(Normalize).ToHashSet(StringComparer.Ordinal);
        string answer = string.Join(", ", addresses);
        if (addresses.Any(wanted.Contains))
        {
            return new(HostName, NameResolutionOutcome.MatchesEndpoint, addresses, aliases, resolver,
                $"{HostName} resolves to the endpoint's private IP {answer}{via} via the {Name(resolver)} resolver");
        }

        if (found.All(IsPrivate))
        {
            return new(HostName, NameResolutionOutcome.OtherPrivateAddress, addresses, aliases, resolver,
                $"{HostName} resolves to {answer}{via} via the {Name(resolver)} resolver, not to the endpoint's private IP {EndpointIps}: a stale or another endpoint's record in the private DNS zone");
        }

        return new(HostName, NameResolutionOutcome.PublicAddress, addresses, aliases, resolver,
            $"{HostName} resolves to the public address {answer}{via} via the {Name(resolver)} resolver, not to the endpoint's private IP {EndpointIps}: connectors using this name bypass the private endpoint (is the private DNS zone linked to their VNet?)");
    }

    /// <summary>The answer when the name does not exist (NXDOMAIN) or has no A or AAAA record.</summary>
    /// <param name="error">What the resolver said.</param>
    /// <param name="aliases">The CNAME chain followed, when the resolver reports it.</param>
    /// <returns>The result.</returns>
    public NameResolutionResult NotFound(string error, IReadOnlyList<string>? aliases = null) =>
        new(HostName, NameResolutionOutcome.NotFound, [], aliases ?? [], resolver,
            $"{HostName} does not resolve via the {Name(resolver)} resolver ({error}){Via(aliases ?? [])}: connectors using this name cannot reach the endpoint's private IP {EndpointIps}");

    /// <summary>The answer when the resolver could not answer (timeout, refused, server failure).</summary>
    /// <param name="error">Why the lookup failed.</param>
    /// <returns>The result.</returns>
    public NameResolutionResult Failed(string error) =>
        new(HostName, NameResolutionOutcome.LookupFailed, [], [], resolver,
            $"{HostName} could not be resolved via the {Name(resolver)} resolver: {error}");

    /// <summary>Tells whether an address is private (RFC 1918, shared address space, unique local, loopback).</summary>
    /// <param name="address">The address.</param>
    /// <returns>True for a private address.</returns>
    public static bool IsPrivate(IPAddress address)
    {
        IPAddress a = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        foreach ((IPAddress network, int prefix) in PrivateRanges)
        {
            if (new IPNetwork(network, prefix).Contains(a))
            {
                return true;
            }
        }

        return false;
    }

    private string EndpointIps => string.Join(", ", expected);

    private static string Via(IReadOnlyList<string> aliases) => aliases.Count > 0 ? $" (via CNAME {string.Join(" → ", aliases)})" : "";

    private static string Name(string resolver) => resolver == "system" ? "system" : $"DNS server {resolver}";

    private static string Normalize(string address) =>
        IPAddress.TryParse(address, out IPAddress? parsed) ? (parsed.IsIPv4MappedToIPv6 ? parsed.MapToIPv4() : parsed).ToString() : address;

    /// <summary>Parses a configured server list: <c>ip</c> or <c>ip:port</c> (<c>[v6]:port</c>), separated by ';' or ','.</summary>
    /// <param name="value">The configured value.</param>
    /// <param name="servers">The servers.</param>
    /// <param name="problem">What is wrong, when parsing fails.</param>
    /// <returns>True when every entry is an address.</returns>
    public static bool TryParseServers(string? value, out IReadOnlyList<IPEndPoint> servers, out string? problem)
    {
        List<IPEndPoint> parsed = [];
        servers = parsed;
        problem = null;
        foreach (string entry in (value ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!IPEndPoint.TryParse(entry, out IPEndPoint? endPoint) || endPoint.Address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
            {
                problem = $"'{entry}' is not an IP address or ip:port";
                return false;
            }

            parsed.Add(endPoint.Port == 0 ? new IPEndPoint(endPoint.Address, 53) : endPoint);
        }

        return true;
    }
}

/// <summary>The name-resolution check of one host name against the endpoint's private IP addresses.</summary>
/// <param name="HostName">The host name the connectors use.</param>
/// <param name="Outcome">What it resolved to.</param>
/// <param name="Addresses">The addresses it resolved to (empty when it did not resolve).</param>
/// <param name="Aliases">The CNAME chain the answer followed, in order (empty for the system resolver, which does not report it).</param>
/// <param name="Resolver">Which resolver answered: <c>system</c> or the configured server (<c>ip:port</c>).</param>
/// <param name="Detail">A sentence a support engineer can act on.</param>
public sealed record NameResolutionResult(
    string HostName,
    NameResolutionOutcome Outcome,
    IReadOnlyList<string> Addresses,
    IReadOnlyList<string> Aliases,
    string Resolver,
    string Detail)
{
    /// <summary>Gets a value indicating whether the name resolves to the endpoint's private IP.</summary>
    public bool ResolvesToEndpoint => Outcome == NameResolutionOutcome.MatchesEndpoint;
}

/// <summary>What the destination's host name resolved to, seen from where the connectors resolve it.</summary>
public enum NameResolutionOutcome
{
    /// <summary>The name resolves to (one of) the endpoint's private IP addresses: connectors using it take the private path.</summary>
    MatchesEndpoint,

    /// <summary>The name resolves only to private addresses, none of them the endpoint's (a stale record or another endpoint's zone).</summary>
    OtherPrivateAddress,

    /// <summary>The name resolves to a public address: connectors using it bypass the private endpoint.</summary>
    PublicAddress,

    /// <summary>The name does not exist (NXDOMAIN) or has no address record.</summary>
    NotFound,

    /// <summary>The resolver could not answer (timeout, refused, server failure).</summary>
    LookupFailed,
}

/// <summary>Resolves a host name to its addresses.</summary>
internal interface IHostNameResolver
{
    /// <summary>Gets how the resolver is named in results: <c>system</c> or the server's <c>ip:port</c>.</summary>
    string Description { get; }

    /// <summary>Looks up the A and AAAA addresses of <see cref="NameResolutionCheck.HostName"/> and answers through <paramref name="check"/>.</summary>
    /// <param name="check">The check: its <see cref="NameResolutionCheck.Found"/>, <see cref="NameResolutionCheck.NotFound"/> or <see cref="NameResolutionCheck.Failed"/> is the answer.</param>
    /// <param name="cancellationToken">Cancels the lookup (the probe's timeout included).</param>
    /// <returns>What the resolver answered; never throws for a DNS failure.</returns>
    Task<NameResolutionResult> LookupAsync(NameResolutionCheck check, CancellationToken cancellationToken);
}

/// <summary>
/// The operating system's resolver (getaddrinfo: <c>/etc/hosts</c>, the configured name servers and search domains), which is
/// what the connectors running beside this service use; it does not report the CNAME chain.
/// </summary>
internal sealed class SystemHostNameResolver : IHostNameResolver
{
    /// <inheritdoc/>
    public string Description => "system";

    /// <inheritdoc/>
    public async Task<NameResolutionResult> LookupAsync(NameResolutionCheck check, CancellationToken cancellationToken)
    {
        try
        {
            IPAddress[] addresses = await Dns.GetHostAddressesAsync(check.HostName, cancellationToken).ConfigureAwait(false);
            return addresses.Length > 0
                ? check.Found(addresses, [])
                : check.NotFound("no address record");
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.HostNotFound or SocketError.NoData)
        {
            return check.NotFound(ex.Message);
        }
        catch (SocketException ex)
        {
            return check.Failed($"{ex.Message} ({ex.SocketErrorCode})");
        }
    }
}

/// <summary>
/// Asks configured DNS servers directly (DnsClient, no cache, so a record just added or removed is seen at once): for a service
/// whose own host does not resolve names the way the connectors' network does (for example the VNet's DNS forwarder or a
/// private resolver's inbound endpoint). Reports the CNAME chain and tells NXDOMAIN apart from a failed lookup.
/// </summary>
internal sealed class DnsServerHostNameResolver : IHostNameResolver
{
    private readonly LookupClient client;

    /// <summary>Initializes a new instance of the <see cref="DnsServerHostNameResolver"/> class.</summary>
    /// <param name="servers">The servers, asked in order.</param>
    /// <param name="timeout">How long one query may take.</param>
    public DnsServerHostNameResolver(IReadOnlyList<IPEndPoint> servers, TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfZero(servers.Count);
        Description = string.Join(", ", servers.Select(s => s.ToString()));
        client = new LookupClient(new LookupClientOptions(servers.Select(s => new NameServer(s)).ToArray())
        {
            UseCache = false,
            Timeout = timeout,
            Retries = 0,
            UseTcpFallback = true,
            ThrowDnsErrors = false,
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,
        });
    }

    /// <inheritdoc/>
    public string Description { get; }

    /// <inheritdoc/>
    public async Task<NameResolutionResult> LookupAsync(NameResolutionCheck check, CancellationToken cancellationToken)
    {
        try
        {
            IDnsQueryResponse v4 = await client.QueryAsync(check.HostName, QueryType.A, QueryClass.IN, cancellationToken).ConfigureAwait(false);
            if (v4.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain)
            {
                return check.NotFound("NXDOMAIN", Aliases(v4));
            }

            if (v4.HasError)
            {
                return check.Failed(Describe(v4));
            }

            IDnsQueryResponse v6 = await client.QueryAsync(check.HostName, QueryType.AAAA, QueryClass.IN, cancellationToken).ConfigureAwait(false);
            List<IPAddress> addresses = [.. v4.Answers.ARecords().Select(a => a.Address)];
            if (!v6.HasError)
            {
                addresses.AddRange(v6.Answers.AaaaRecords().Select(a => a.Address));
            }

            return addresses.Count > 0
                ? check.Found(addresses, Aliases(v4))
                : check.NotFound("no A or AAAA record", Aliases(v4));
        }
        catch (DnsResponseException ex)
        {
            return check.Failed(ex.Message);
        }
    }

    private static string Describe(IDnsQueryResponse response) =>
        string.Create(CultureInfo.InvariantCulture, $"{response.Header.ResponseCode} from {response.NameServer}: {response.ErrorMessage}");

    private static IReadOnlyList<string> Aliases(IDnsQueryResponse response) =>
        response.Answers.CnameRecords().Select(c => c.CanonicalName.Value.TrimEnd('.')).ToArray();
}
