namespace PrivateLink.Connectivity.NameResolution;

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
