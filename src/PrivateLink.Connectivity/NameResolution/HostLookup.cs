using System.Net;

namespace PrivateLink.Connectivity.NameResolution;

/// <summary>What a resolver answered for one host name.</summary>
/// <param name="Status">Whether the name was found.</param>
/// <param name="Addresses">The IPv4 and IPv6 addresses.</param>
/// <param name="Aliases">The CNAME chain followed, when the resolver reports it.</param>
/// <param name="Error">Why the lookup failed or found nothing.</param>
internal sealed record HostLookup(HostLookupStatus Status, IReadOnlyList<IPAddress> Addresses, IReadOnlyList<string> Aliases, string? Error)
{
    public static HostLookup NotFound(string error, IReadOnlyList<string>? aliases = null) => new(HostLookupStatus.NotFound, [], aliases ?? [], error);

    public static HostLookup Failed(string error) => new(HostLookupStatus.Failed, [], [], error);
}

/// <summary>Whether a lookup found the name.</summary>
internal enum HostLookupStatus
{
    /// <summary>At least one address.</summary>
    Found,

    /// <summary>NXDOMAIN, or no A/AAAA record.</summary>
    NotFound,

    /// <summary>No answer (timeout, refused, server failure).</summary>
    Failed,
}
