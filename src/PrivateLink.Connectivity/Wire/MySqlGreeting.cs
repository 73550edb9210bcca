namespace PrivateLink.Connectivity.Wire;

/// <summary>What a MySQL/MariaDB server announces in its protocol 10 greeting.</summary>
/// <param name="ServerVersion">The server version string.</param>
/// <param name="ConnectionId">The server's connection (thread) id.</param>
/// <param name="Capabilities">The capability flags (lower and, when present, upper 16 bits).</param>
internal sealed record MySqlGreeting(string ServerVersion, uint ConnectionId, uint Capabilities)
{
    /// <summary>Gets a value indicating whether the server offers TLS (CLIENT_SSL).</summary>
    public bool SupportsTls => (Capabilities & MySqlWire.ClientSsl) != 0;
}
