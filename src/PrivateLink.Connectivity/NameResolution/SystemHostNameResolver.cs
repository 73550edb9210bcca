using System.Net;
using System.Net.Sockets;

namespace PrivateLink.Connectivity.NameResolution;

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
