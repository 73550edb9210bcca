using System.Globalization;

namespace PrivateLink.Connectivity.Wire;

/// <summary>What a MongoDB server said in answer to <c>hello</c> (MongoDB handshake specification).</summary>
/// <param name="Ok">True when the command succeeded (<c>ok: 1</c>).</param>
/// <param name="WritablePrimary">True when the server reported <c>isWritablePrimary</c> (or the legacy <c>ismaster</c>) true.</param>
/// <param name="MaxWireVersion">The highest wire version the server speaks, when it said.</param>
/// <param name="SetName">The replica set name, when the server is a member of one.</param>
/// <param name="Router">True when the server is a mongos router (<c>msg: "isdbgrid"</c>).</param>
/// <param name="Error">The server's error (code, code name and message) when <paramref name="Ok"/> is false.</param>
internal sealed record MongoHello(bool Ok, bool WritablePrimary, int? MaxWireVersion, string? SetName, bool Router, string? Error)
{
    /// <summary>Reads the fields a probe reports from a <c>hello</c> reply document.</summary>
    /// <exception cref="FormatException">The document has no numeric <c>ok</c>, or a successful reply lacks <c>maxWireVersion</c>.</exception>
    public static MongoHello FromReply(BsonDocument reply)
    {
        double ok = reply.Number("ok")
            ?? throw new FormatException($"expected a numeric 'ok' field in the hello reply, received fields {Names(reply)}");
        if (ok != 1)
        {
            // Still MongoDB speaking: an error reply (e.g. CommandNotFound from a server older than 4.4.2, or a proxy's refusal).
            string code = reply.Int32("code") is { } number ? number.ToString(CultureInfo.InvariantCulture) : "?";
            string error = $"{code} {reply.String("codeName") ?? ""}".TrimEnd() + $": {reply.String("errmsg") ?? "(no message)"}";
            return new MongoHello(false, false, reply.Int32("maxWireVersion"), null, false, error);
        }

        int maxWireVersion = reply.Int32("maxWireVersion")
            ?? throw new FormatException($"expected an int32 'maxWireVersion' in the successful hello reply, received fields {Names(reply)}");
        bool primary = reply.Boolean("isWritablePrimary") ?? reply.Boolean("ismaster") ?? false;
        return new MongoHello(true, primary, maxWireVersion, reply.String("setName"), string.Equals(reply.String("msg"), "isdbgrid", StringComparison.Ordinal), null);
    }

    /// <summary>A one-line description for the probe's result ("MongoDB answered hello: writable primary, maxWireVersion 21").</summary>
    public string Describe()
    {
        if (!Ok)
        {
            return $"MongoDB answered hello with error {Error}";
        }

        string role = Router ? "mongos router" : WritablePrimary ? "writable primary" : "not a writable primary";
        string set = SetName is null ? "" : $", replica set {SetName}";
        return string.Create(CultureInfo.InvariantCulture, $"MongoDB answered hello: {role}{set}, maxWireVersion {MaxWireVersion}");
    }

    private static string Names(BsonDocument reply) =>
        reply.Elements.Count == 0 ? "(none)" : string.Join(", ", reply.Elements.Take(10).Select(e => e.Key));
}
