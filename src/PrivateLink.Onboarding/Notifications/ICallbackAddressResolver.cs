using System.Net;

namespace PrivateLink.Onboarding.Notifications;

/// <summary>Resolves a callback host name to the addresses the sender may connect to; a seam so tests can map a name to any address.</summary>
public interface ICallbackAddressResolver
{
    /// <summary>Resolves a host name.</summary>
    /// <param name="host">The host name (or an IP literal).</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The addresses.</returns>
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>Resolves with the system resolver (<see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/>).</summary>
public sealed class DnsCallbackAddressResolver : ICallbackAddressResolver
{
    /// <inheritdoc/>
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host, out IPAddress? literal) ? Task.FromResult(new[] { literal }) : Dns.GetHostAddressesAsync(host, cancellationToken);
}
