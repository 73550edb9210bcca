namespace PrivateLink.Connectivity.Wire;

/// <summary>A decoded BSON document: its elements in wire order.</summary>
/// <remarks>
/// Values are <see cref="double"/>, <see cref="string"/>, <see cref="BsonDocument"/> (embedded documents and arrays),
/// <see cref="bool"/>, <see langword="null"/>, <see cref="int"/>, <see cref="long"/>, <see cref="DateTimeOffset"/> (UTC datetime),
/// and <see cref="BsonOpaque"/> for the types a probe only skips (binary, ObjectId, timestamp, decimal128, …).
/// </remarks>
internal sealed class BsonDocument(IReadOnlyList<KeyValuePair<string, object?>> elements, bool isArray = false)
{
    /// <summary>Gets the elements in wire order.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Elements { get; } = elements;

    /// <summary>Gets a value indicating whether the document was encoded as a BSON array (type 0x04).</summary>
    public bool IsArray { get; } = isArray;

    /// <summary>Finds the first element named <paramref name="name"/>.</summary>
    public bool TryGet(string name, out object? value)
    {
        foreach (KeyValuePair<string, object?> element in Elements)
        {
            if (string.Equals(element.Key, name, StringComparison.Ordinal))
            {
                value = element.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>Reads a numeric element (double, int32, int64) or a boolean as a number, as drivers read <c>ok</c>.</summary>
    public double? Number(string name) => TryGet(name, out object? value) ? value switch
    {
        double d => d,
        int i => i,
        long l => l,
        bool b => b ? 1 : 0,
        _ => null,
    } : null;

    /// <summary>Reads an int32 or int64 element that fits in an int32.</summary>
    public int? Int32(string name) => TryGet(name, out object? value) ? value switch
    {
        int i => i,
        long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
        _ => null,
    } : null;

    /// <summary>Reads a string element.</summary>
    public string? String(string name) => TryGet(name, out object? value) ? value as string : null;

    /// <summary>Reads a boolean element.</summary>
    public bool? Boolean(string name) => TryGet(name, out object? value) && value is bool b ? b : null;
}
