using System.Reflection;

namespace PrivateLink.Functions.Tests.Support;

/// <summary>Where the repository is and how the tests were built.</summary>
internal static class Repository
{
    public static string Root { get; } = Metadata("RepositoryRoot");

    public static string Configuration { get; } = Metadata("Configuration");

    public static string FunctionsProject { get; } = Path.Combine(Root, "src", "PrivateLink.Functions", "PrivateLink.Functions.csproj");

    private static string Metadata(string key) =>
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is missing.");
}
