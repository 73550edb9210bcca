namespace PrivateLink.Connectivity.Wire;

/// <summary>Formats received bytes for error messages.</summary>
internal static class Hex
{
    private const int MaxBytes = 32;

    /// <summary>Formats up to 32 bytes as dash-separated hex ("53-16-03"), noting how many more there were.</summary>
    public static string Format(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return "nothing (0 bytes)";
        }

        string shown = BitConverter.ToString(bytes[..Math.Min(bytes.Length, MaxBytes)].ToArray());
        return bytes.Length > MaxBytes ? $"{shown}… ({bytes.Length} bytes)" : $"{shown} ({bytes.Length} bytes)";
    }
}
