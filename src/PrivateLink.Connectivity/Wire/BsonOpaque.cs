namespace PrivateLink.Connectivity.Wire;

/// <summary>A BSON value the probe skips over without interpreting it (binary, ObjectId, timestamp, regex, decimal128, …).</summary>
/// <param name="Type">The BSON element type byte.</param>
/// <param name="Length">The value's length in bytes on the wire.</param>
internal sealed record BsonOpaque(byte Type, int Length);
