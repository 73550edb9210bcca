namespace PrivateLink.Connectivity.NameResolution;

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
