using System.Text.Json;
using PrivateLink.Functions.Tests.Support;

namespace PrivateLink.Functions.Tests;

/// <summary>The root host.json and local.settings.sample.json: the settings the host and the worker read.</summary>
public sealed class HostSettingsTests
{
    [Fact]
    public void HostJson_ConfiguresDurableTaskOnAzureStorage()
    {
        JsonElement root = Read("host.json");

        JsonElement durable = root.GetProperty("extensions").GetProperty("durableTask");
        Assert.Equal("2.0", root.GetProperty("version").GetString());
        Assert.Equal("api", root.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.Equal("%DurableTaskHubName%", durable.GetProperty("hubName").GetString());
        Assert.Equal("AzureStorage", durable.GetProperty("storageProvider").GetProperty("type").GetString());
        Assert.True(TimeSpan.Parse(durable.GetProperty("storageProvider").GetProperty("maxQueuePollingInterval").GetString()!, System.Globalization.CultureInfo.InvariantCulture) <= TimeSpan.FromSeconds(10));
        Assert.InRange(durable.GetProperty("maxConcurrentActivityFunctions").GetInt32(), 1, 100);
        Assert.InRange(durable.GetProperty("maxConcurrentOrchestratorFunctions").GetInt32(), 1, 100);
    }

    [Fact]
    public void LocalSettingsSample_HasEveryRequiredSettingWithDevelopmentValues()
    {
        JsonElement values = Read("local.settings.sample.json").GetProperty("Values");

        Assert.Equal("UseDevelopmentStorage=true", values.GetProperty("AzureWebJobsStorage").GetString());
        Assert.Equal("dotnet-isolated", values.GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString());
        Assert.Equal(string.Empty, values.GetProperty("APPLICATIONINSIGHTS_CONNECTION_STRING").GetString());
        foreach (string key in new[] { "DurableTaskHubName", "Arm__SubscriptionId", "Arm__ResourceGroup", "Arm__Location", "Arm__SubnetId" })
        {
            Assert.False(string.IsNullOrEmpty(values.GetProperty(key).GetString()), $"{key} is empty.");
        }
    }

    [Fact]
    public void LocalSettingsSample_HoldsNoSecrets()
    {
        string text = File.ReadAllText(Path.Combine(Repository.Root, "local.settings.sample.json"));

        foreach (string marker in new[] { "AccountKey=", "SharedAccessKey", "InstrumentationKey=", "sig=", "password", "secret" })
        {
            Assert.DoesNotContain(marker, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void LocalSettingsSample_EveryOptionKey_NamesARealOption()
    {
        // A renamed option would leave a sample key that binds to nothing.
        JsonElement values = Read("local.settings.sample.json").GetProperty("Values");
        var sections = new Dictionary<string, Type>
        {
            ["Arm__"] = typeof(PrivateLink.Arm.ArmOptions),
            ["Connectivity__Probe__"] = typeof(PrivateLink.Connectivity.ProbeOptions),
        };

        foreach (JsonProperty setting in values.EnumerateObject())
        {
            foreach ((string prefix, Type options) in sections)
            {
                if (setting.Name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    string property = setting.Name[prefix.Length..];
                    Assert.True(options.GetProperty(property) is not null, $"{setting.Name}: {options.Name} has no property {property}.");
                }
            }
        }
    }

    private static JsonElement Read(string fileName)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, fileName)));
        return document.RootElement.Clone();
    }
}
