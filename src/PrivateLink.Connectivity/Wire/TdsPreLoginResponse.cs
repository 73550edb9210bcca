namespace PrivateLink.Connectivity.Wire;

/// <summary>The options of a PRELOGIN response a probe looks at.</summary>
/// <param name="Encryption">The server's ENCRYPTION option.</param>
/// <param name="Version">The server version from the VERSION option (major.minor.build), when present.</param>
internal sealed record TdsPreLoginResponse(TdsEncryption Encryption, string? Version);
