using System.Text.Json;

namespace PrivateLink.Functions.Tests.Support;

/// <summary>Publishes the Functions app once per test run (from the build the tests were compiled against) and reads its generated files.</summary>
public sealed class PublishedApp : IAsyncLifetime
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "privatelink-functions-publish-" + Guid.NewGuid().ToString("N"));

    public JsonElement FunctionsMetadata { get; private set; }

    public async Task InitializeAsync()
    {
        // The test project references the app, so the app is already built in this configuration; publishing is a copy step.
        (int exitCode, string output) = await ProcessRunner.RunAsync(
            "dotnet",
            ["publish", Repository.FunctionsProject, "-c", Repository.Configuration, "--no-build", "-o", Directory, "-nologo"],
            Repository.Root,
            TimeSpan.FromMinutes(3));
        Assert.True(exitCode == 0, $"dotnet publish failed ({exitCode}):\n{output}");
        FunctionsMetadata = ReadJson("functions.metadata");
    }

    public Task DisposeAsync()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }

        return Task.CompletedTask;
    }

    public JsonElement ReadJson(string relativePath)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, relativePath)));
        return document.RootElement.Clone();
    }
}
