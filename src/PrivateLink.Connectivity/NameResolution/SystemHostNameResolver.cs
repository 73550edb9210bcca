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
    public async Task<HostLookup> LookupAsync(string hostName, CancellationToken cancellationToken)
    {
        try
        {
            IPAddress[] addresses = await Dns.GetHostAddressesAsync(hostName, cancellationToken).ConfigureAwait(false);
            return addresses.Length > 0
                ? new HostLookup(HostLookupStatus.Found, addresses, [], null)
                : HostLookup.NotFound("no address record");
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.HostNotFound or SocketError.NoData)
        {
            return HostLookup.NotFound(ex.Message);
        }
        catch (SocketException ex)
        {
            return HostLookup.Failed($"{ex.Message} ({ex.SocketErrorCode})");
        }
    }
}
