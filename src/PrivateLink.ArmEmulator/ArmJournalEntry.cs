namespace PrivateLink.ArmEmulator;

/// <summary>One request the emulator answered.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The request path (no query).</param>
/// <param name="Query">The query string, including the leading '?', or empty.</param>
/// <param name="Status">The HTTP status answered.</param>
/// <param name="ReceivedAt">When the request arrived.</param>
public sealed record ArmJournalEntry(string Method, string Path, string Query, int Status, DateTimeOffset ReceivedAt);
