using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace PrivateLink.Onboarding.Notifications;

/// <summary>Builds the callback client's handler: no redirects, no proxy, and a connect step that checks the address it actually connects to.</summary>
/// <remarks>
/// The host name is resolved once per connection by <see cref="ICallbackAddressResolver"/>; every address the policy refuses
/// (<see cref="CallbackPolicy.IsAddressAllowed"/>) is skipped and the socket connects to one of the remaining ones, so a name that
/// resolves to a public address when the request is validated and to 127.0.0.1 or 169.254.169.254 when it is sent (DNS rebinding) fails.
/// </remarks>
public static class CallbackHttpHandler
{
    /// <summary>Creates the handler.</summary>
    /// <param name="resolver">The resolver.</param>
    /// <param name="options">The callback options (read per connection, so a changed setting applies to new connections).</param>
    /// <returns>The handler.</returns>
    public static SocketsHttpHandler Create(ICallbackAddressResolver resolver, IOptionsMonitor<CallbackOptions> options)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(options);
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            ConnectCallback = (context, cancellationToken) => ConnectAsync(resolver, options.CurrentValue.Policy, context.DnsEndPoint, cancellationToken),
        };
    }

    private static async ValueTask<Stream> ConnectAsync(
        ICallbackAddressResolver resolver, CallbackPolicy policy, DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        IPAddress[] addresses = await resolver.ResolveAsync(endPoint.Host, cancellationToken);
        IPAddress[] allowed = [.. addresses.Where(policy.IsAddressAllowed)];
        if (allowed.Length == 0)
        {
            throw new CallbackRefusedException(
                $"Callback to {endPoint.Host} was not sent: the host resolves to no address callbacks may reach (public unicast only).");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
