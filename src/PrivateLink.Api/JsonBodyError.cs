namespace PrivateLink.Api;

/// <summary>Why a request document could not be read.</summary>
/// <param name="Path">The field path (e.g. <c>ports[0].port</c>), or <c>$</c> for the document.</param>
/// <param name="Message">What is wrong, in words the caller can act on.</param>
public readonly record struct JsonBodyError(string Path, string Message);
