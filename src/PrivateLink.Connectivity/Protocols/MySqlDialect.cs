using System.Net.Security;
using PrivateLink.Connectivity.Wire;

namespace PrivateLink.Connectivity.Protocols;

/// <summary>MySQL / MariaDB: server greeting (protocol 10), CLIENT_SSL, SSL request packet, then TLS.</summary>
internal sealed class MySqlDialect : IProtocolDialect
{
    /// <inheritdoc/>
    public string DisplayName => "MySQL";

    /// <inheritdoc/>
    public SslApplicationProtocol? DirectAlpn => null;

    /// <inheritdoc/>
    public bool AlwaysDirect => false;

    /// <inheritdoc/>
    public async Task<Negotiation> NegotiateAsync(Stream network, ProbeRequest request, CancellationToken cancellationToken)
    {
        MySqlGreeting greeting = await ReadGreetingAsync(network, cancellationToken).ConfigureAwait(false);
        if (!greeting.SupportsTls)
        {
            // The greeting alone proves the server answers; it just cannot do TLS.
            return new Negotiation(false, $"MySQL server {greeting.ServerVersion} greeting without CLIENT_SSL");
        }

        await network.WriteAsync(MySqlWire.SslRequest(), cancellationToken).ConfigureAwait(false);
        return new Negotiation(true, $"MySQL server {greeting.ServerVersion}");
    }

    /// <inheritdoc/>
    public Task<string> VerifyOverTlsAsync(SslStream tls, ProbeRequest request, bool direct, CancellationToken cancellationToken) =>
        Task.FromResult("MySQL server accepted the SSL request");

    /// <inheritdoc/>
    public async Task<string> CheckClearTextAsync(Stream network, ProbeRequest request, CancellationToken cancellationToken)
    {
        MySqlGreeting greeting = await ReadGreetingAsync(network, cancellationToken).ConfigureAwait(false);
        return $"MySQL server {greeting.ServerVersion} greeting";
    }

    private static async Task<MySqlGreeting> ReadGreetingAsync(Stream network, CancellationToken cancellationToken)
    {
        byte[] packet = await FrameReader.ReadFrameAsync(network, MySqlWire.HeaderLength, MySqlWire.PacketLength, cancellationToken).ConfigureAwait(false);
        return MySqlWire.ParseGreeting(packet);
    }
}
