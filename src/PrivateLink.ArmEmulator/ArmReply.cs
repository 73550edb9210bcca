using System.Text.Json.Nodes;

namespace PrivateLink.ArmEmulator;

/// <summary>An answer the emulator is about to send: decided first, journalled, then written.</summary>
internal sealed record ArmReply(int Status, JsonNode? Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static ArmReply Error(int status, string code, string message, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, ArmJson.Error(code, message), headers);

    public static ArmReply NotFound(string path) =>
        Error(404, "ResourceNotFound", $"The Resource '{path}' was not found.");
}
