namespace PrivateLink.Connectivity.NameResolution;

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
