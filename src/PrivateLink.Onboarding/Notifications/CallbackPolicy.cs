using System.Net;
using System.Net.Sockets;

namespace PrivateLink.Onboarding.Notifications;

/// <summary>Where callbacks may go: an allowlist of host names, and (at connect time) only public unicast addresses.</summary>
/// <param name="AllowedHosts">Host names, or <c>*.</c> + a domain for its subdomains; empty means callbacks are off.</param>
/// <param name="AllowLoopback">Development only: plain http and loopback addresses are accepted (other private ranges still are not).</param>
public sealed record CallbackPolicy(IReadOnlyList<string> AllowedHosts, bool AllowLoopback)
{
    /// <summary>Gets the policy when nothing is configured: no callback anywhere.</summary>
    public static CallbackPolicy Disabled { get; } = new([], AllowLoopback: false);

    // 168.63.129.16 is Azure's platform address (wire server, DNS, health probes), reachable from every VNet.
    private static readonly (IPAddress Network, int PrefixLength)[] RefusedRanges =
    [
        (IPAddress.Parse("0.0.0.0"), 8),          // "this network", unspecified
        (IPAddress.Parse("10.0.0.0"), 8),         // RFC 1918
        (IPAddress.Parse("100.64.0.0"), 10),      // CGNAT, RFC 6598
        (IPAddress.Parse("127.0.0.0"), 8),        // loopback
        (IPAddress.Parse("169.254.0.0"), 16),     // link-local, 169.254.169.254 metadata
        (IPAddress.Parse("172.16.0.0"), 12),      // RFC 1918
        (IPAddress.Parse("192.0.0.0"), 24),       // IETF protocol assignments
        (IPAddress.Parse("192.168.0.0"), 16),     // RFC 1918
        (IPAddress.Parse("198.18.0.0"), 15),      // benchmarking
        (IPAddress.Parse("168.63.129.16"), 32),   // Azure platform
        (IPAddress.Parse("224.0.0.0"), 3),        // multicast, reserved, broadcast
        (IPAddress.Parse("::"), 128),             // unspecified
        (IPAddress.Parse("::1"), 128),            // loopback
        (IPAddress.Parse("64:ff9b::"), 96),       // NAT64 (embeds an IPv4 address)
        (IPAddress.Parse("2001::"), 32),          // Teredo (embeds an IPv4 address)
        (IPAddress.Parse("2002::"), 16),          // 6to4 (embeds an IPv4 address)
        (IPAddress.Parse("fc00::"), 7),           // unique local
        (IPAddress.Parse("fe80::"), 10),          // link-local
        (IPAddress.Parse("ff00::"), 8),           // multicast
    ];

    /// <summary>Tells whether a callback may go to this host name (the allowlist; the address is checked when connecting).</summary>
    /// <param name="host">The URL's host.</param>
    /// <returns>True when allowed.</returns>
    public bool IsHostAllowed(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (AllowLoopback && IsLoopbackName(host))
        {
            return true;
        }

        foreach (string pattern in AllowedHosts)
        {
            if (pattern.StartsWith("*.", StringComparison.Ordinal)
                ? host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase) && host.Length > pattern.Length - 1
                : string.Equals(host, pattern, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Tells whether a URL scheme is acceptable: https, or http when <see cref="AllowLoopback"/> is on.</summary>
    /// <param name="scheme">The scheme.</param>
    /// <returns>True when acceptable.</returns>
    public bool IsSchemeAllowed(string scheme) => scheme == Uri.UriSchemeHttps || (AllowLoopback && scheme == Uri.UriSchemeHttp);

    /// <summary>Tells whether a connection to this address is allowed: public unicast only (loopback too when <see cref="AllowLoopback"/>).</summary>
    /// <param name="address">The address about to be connected to.</param>
    /// <returns>True when allowed.</returns>
    public bool IsAddressAllowed(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (AllowLoopback && IPAddress.IsLoopback(address))
        {
            return true;
        }

        if (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            return false;
        }

        foreach ((IPAddress network, int prefixLength) in RefusedRanges)
        {
            if (new IPNetwork(network, prefixLength).Contains(address))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLoopbackName(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out IPAddress? ip) && IPAddress.IsLoopback(ip));
}
