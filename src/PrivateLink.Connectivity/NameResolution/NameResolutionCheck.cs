using System.Net;
using System.Net.Sockets;

namespace PrivateLink.Connectivity.NameResolution;

/// <summary>Resolves the destination's host name the way the connectors will and compares the answer with the endpoint's private IPs.</summary>
internal static class NameResolutionCheck
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

    /// <summary>Resolves <paramref name="hostName"/> and classifies the answer.</summary>
    /// <param name="resolver">The resolver the connectors' path uses.</param>
    /// <param name="hostName">The destination's host name.</param>
    /// <param name="expected">The endpoint's private IP addresses.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The result; a failed lookup is a result, not an exception.</returns>
    public static async Task<NameResolutionResult> RunAsync(IHostNameResolver resolver, string hostName, IReadOnlyList<string> expected, CancellationToken cancellationToken)
    {
        HostLookup lookup = await resolver.LookupAsync(hostName, cancellationToken).ConfigureAwait(false);
        return Classify(hostName, expected, lookup, resolver.Description);
    }

    /// <summary>Classifies one lookup.</summary>
    /// <param name="hostName">The host name.</param>
    /// <param name="expected">The endpoint's private IP addresses.</param>
    /// <param name="lookup">What the resolver answered.</param>
    /// <param name="resolver">The resolver's description.</param>
    /// <returns>The result.</returns>
    public static NameResolutionResult Classify(string hostName, IReadOnlyList<string> expected, HostLookup lookup, string resolver)
    {
        string[] addresses = lookup.Addresses.Select(a => (a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a).ToString()).Distinct().ToArray();
        string via = lookup.Aliases.Count > 0 ? $" (via CNAME {string.Join(" → ", lookup.Aliases)})" : "";
        string endpointIps = string.Join(", ", expected);
        switch (lookup.Status)
        {
            case HostLookupStatus.NotFound:
                return new(hostName, NameResolutionOutcome.NotFound, [], lookup.Aliases, resolver,
                    $"{hostName} does not resolve via the {Name(resolver)} resolver ({lookup.Error}){via}: connectors using this name cannot reach the endpoint's private IP {endpointIps}");
            case HostLookupStatus.Failed:
                return new(hostName, NameResolutionOutcome.LookupFailed, [], lookup.Aliases, resolver,
                    $"{hostName} could not be resolved via the {Name(resolver)} resolver: {lookup.Error}");
        }

        HashSet<string> wanted = expected.Select(Normalize).ToHashSet(StringComparer.Ordinal);
        string answer = string.Join(", ", addresses);
        if (addresses.Any(wanted.Contains))
        {
            return new(hostName, NameResolutionOutcome.MatchesEndpoint, addresses, lookup.Aliases, resolver,
                $"{hostName} resolves to the endpoint's private IP {answer}{via} via the {Name(resolver)} resolver");
        }

        if (lookup.Addresses.All(IsPrivate))
        {
            return new(hostName, NameResolutionOutcome.OtherPrivateAddress, addresses, lookup.Aliases, resolver,
                $"{hostName} resolves to {answer}{via} via the {Name(resolver)} resolver, not to the endpoint's private IP {endpointIps}: a stale or another endpoint's record in the private DNS zone");
        }

        return new(hostName, NameResolutionOutcome.PublicAddress, addresses, lookup.Aliases, resolver,
            $"{hostName} resolves to the public address {answer}{via} via the {Name(resolver)} resolver, not to the endpoint's private IP {endpointIps}: connectors using this name bypass the private endpoint (is the private DNS zone linked to their VNet?)");
    }

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
