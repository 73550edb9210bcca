using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace PrivateLink.Host.OperatorConsole;

/// <summary>The operator console's static files, read once from the resources embedded in this assembly.</summary>
/// <remarks>
/// The files are embedded (see the <c>EmbeddedResource</c> items in the project) so the runner serves the console from its own
/// assembly: no <c>wwwroot</c> folder to deploy and no Node build step.
/// </remarks>
internal sealed class ConsoleAssets
{
    /// <summary>The prefix of the console's resource names (<c>LogicalName</c> in the project file).</summary>
    public const string ResourcePrefix = "console/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private readonly FrozenDictionary<string, ConsoleAsset> _assets;

    private ConsoleAssets(FrozenDictionary<string, ConsoleAsset> assets) => _assets = assets;

    /// <summary>Gets the assets of this assembly.</summary>
    public static ConsoleAssets Embedded { get; } = Load(typeof(ConsoleAssets).Assembly);

    /// <summary>Gets the names of every asset (relative paths such as <c>app.js</c>).</summary>
    public IEnumerable<string> Names => _assets.Keys;

    /// <summary>Finds an asset by its path relative to the console's root.</summary>
    /// <param name="path">The path, e.g. <c>app.js</c>.</param>
    /// <param name="asset">The asset, when found.</param>
    /// <returns>True when the asset exists.</returns>
    public bool TryGet(string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ConsoleAsset? asset) =>
        _assets.TryGetValue(path, out asset);

    private static ConsoleAssets Load(Assembly assembly)
    {
        var assets = new Dictionary<string, ConsoleAsset>(StringComparer.Ordinal);
        foreach (string name in assembly.GetManifestResourceNames())
        {
            string normalized = name.Replace('\\', '/');
            if (!normalized.StartsWith(ResourcePrefix, StringComparison.Ordinal)
                || !ContentTypes.TryGetValue(Path.GetExtension(normalized), out string? contentType))
            {
                continue;
            }

            using Stream stream = assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"The embedded resource {name} could not be opened.");
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            byte[] content = buffer.ToArray();
            string etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"";
            assets[normalized[ResourcePrefix.Length..]] = new ConsoleAsset(content, contentType, etag);
        }

        return new ConsoleAssets(assets.ToFrozenDictionary(StringComparer.Ordinal));
    }
}
