namespace PrivateLink.Host.OperatorConsole;

/// <summary>One static file of the operator console.</summary>
/// <param name="Content">The file's bytes.</param>
/// <param name="ContentType">The media type it is served with.</param>
/// <param name="ETag">A strong entity tag derived from the content.</param>
internal sealed record ConsoleAsset(byte[] Content, string ContentType, string ETag);
