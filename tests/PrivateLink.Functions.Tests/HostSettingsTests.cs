using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PrivateLink.Api.Inbound.ServiceBus;
using PrivateLink.Api.Inbound.Watcher;
using PrivateLink.Api.Inbound.Webhooks;
using PrivateLink.Api.Jobs;
using PrivateLink.Api.Outbound.Tickets;
using PrivateLink.Arm;
using PrivateLink.Connectivity;
using PrivateLink.Functions.Tests.Support;
using PrivateLink.Onboarding.Activities;
using PrivateLink.Onboarding.Notifications;
using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Functions.Tests;

/// <summary>The root host.json and local.settings.sample.json: the settings the host and the worker read.</summary>
public sealed partial class HostSettingsTests
{
    // The options the Functions app binds, by configuration section.
    private static readonly Dictionary<string, Type> OptionSections = new()
    {
        [ArmOptions.SectionName] = typeof(ArmOptions),
        [ProbeOptions.SectionName] = typeof(ProbeOptions),
        [GenericWebhookOptions.SectionName] = typeof(GenericWebhookOptions),
        [ZendeskWebhookOptions.SectionName] = typeof(ZendeskWebhookOptions),
        [JiraWebhookOptions.SectionName] = typeof(JiraWebhookOptions),
        [WebhookReplayOptions.SectionName] = typeof(WebhookReplayOptions),
        [WebhookRateLimitOptions.SectionName] = typeof(WebhookRateLimitOptions),
        [ServiceBusOptions.SectionName] = typeof(ServiceBusOptions),
        [ZendeskCommentOptions.SectionName] = typeof(ZendeskCommentOptions),
        [JiraCommentOptions.SectionName] = typeof(JiraCommentOptions),
        [TicketCommentOptions.SectionName] = typeof(TicketCommentOptions),
        [OrphanReconcilerOptions.SectionName] = typeof(OrphanReconcilerOptions),
        [HealthWatchOptions.SectionName] = typeof(HealthWatchOptions),
        [ApprovalReminderOptions.SectionName] = typeof(ApprovalReminderOptions),
        [CallbackOptions.SectionName] = typeof(CallbackOptions),
    };

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
    public void LocalSettingsSample_RunsTheWorkerAsFuncStartDoes()
    {
        // func start: Development (the host builder then validates the container on build), and the Durable client binding
        // builds its management URLs from WEBSITE_HOSTNAME (without it every [DurableClient] binding fails with 500).
        JsonElement root = Read("local.settings.sample.json");
        JsonElement values = root.GetProperty("Values");
        int port = root.GetProperty("Host").GetProperty("LocalHttpPort").GetInt32();

        Assert.Equal("Development", values.GetProperty("AZURE_FUNCTIONS_ENVIRONMENT").GetString());
        Assert.Equal($"localhost:{port}", values.GetProperty("WEBSITE_HOSTNAME").GetString());
    }

    [Fact]
    public void LocalSettingsSample_AsAppSettings_BuildsAndValidatesTheWorkerInDevelopment()
    {
        IEnumerable<KeyValuePair<string, string?>> settings = Read("local.settings.sample.json").GetProperty("Values").EnumerateObject()
            .Select(p => new KeyValuePair<string, string?>(p.Name, p.Value.GetString()));

        using IHost host = HostPath.FunctionsWorker.Build(Environments.Development, settings: settings);

        // What ValidateOnStart registered (ARM, probes, webhooks, tickets, watcher options) is checked before the worker starts.
        host.Services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void LocalSettingsSample_HoldsNoSecrets()
    {
        JsonElement values = Read("local.settings.sample.json").GetProperty("Values");

        foreach (JsonProperty setting in values.EnumerateObject())
        {
            string value = setting.Value.GetString()!;
            foreach (string marker in new[] { "AccountKey=", "SharedAccessKey", "InstrumentationKey=", "sig=", "password", "whsec_" })
            {
                Assert.DoesNotContain(marker, value, StringComparison.OrdinalIgnoreCase);
            }

            // A secret's key may be listed, but only empty or as a Key Vault reference placeholder.
            if (SecretKey().IsMatch(setting.Name) && setting.Name != "AzureWebJobsStorage")
            {
                Assert.True(value.Length == 0 || KeyVaultPlaceholder().IsMatch(value), $"{setting.Name} must be empty or a Key Vault reference placeholder.");
            }
        }
    }

    [Fact]
    public void LocalSettingsSample_EveryOptionKey_NamesARealOption()
    {
        // A renamed option would leave a sample key that binds to nothing.
        HashSet<string> expected = [.. OptionSections.SelectMany(s => SettingKeys(s.Value, s.Key.Replace(":", "__", StringComparison.Ordinal) + "__"))];

        foreach (string key in SampleKeys().Where(IsOptionKey))
        {
            Assert.True(expected.Contains(key), $"{key} names no property of the options bound from its section.");
        }
    }

    [Fact]
    public void LocalSettingsSample_EveryOption_IsListed()
    {
        HashSet<string> sample = [.. SampleKeys()];

        foreach ((string section, Type options) in OptionSections)
        {
            foreach (string key in SettingKeys(options, section.Replace(":", "__", StringComparison.Ordinal) + "__"))
            {
                Assert.True(sample.Contains(key), $"{key} ({options.Name}) is missing from local.settings.sample.json.");
            }
        }

        // Read by the webhook replay store (TicketWebhookRegistration).
        Assert.Contains("DurableTask__StorageConnectionString", sample);
        Assert.Contains("DurableTask__StorageAccountName", sample);

        // Read by the telemetry registration both hosts share (OnboardingOpenTelemetry), not bound to an options class.
        Assert.Contains(PrivateLink.Api.Telemetry.OnboardingOpenTelemetry.ConnectionStringSetting, sample);
        Assert.Contains(PrivateLink.Api.Telemetry.OnboardingOpenTelemetry.AuthenticationStringSetting, sample);
        Assert.Contains(PrivateLink.Api.Telemetry.OnboardingOpenTelemetry.OtlpEndpointSetting, sample);
    }

    [Fact]
    public void LocalSettingsSample_OptionValues_BindAndPassValidation()
    {
        JsonElement values = Read("local.settings.sample.json").GetProperty("Values");
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.EnumerateObject().Select(p => new KeyValuePair<string, string?>(p.Name.Replace("__", ":", StringComparison.Ordinal), p.Value.GetString())))
            .Build();

        foreach ((string section, Type type) in OptionSections)
        {
            object options = configuration.GetSection(section).Get(type) ?? Activator.CreateInstance(type)!;
            var results = new List<ValidationResult>();
            Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true), $"{section}: {string.Join("; ", results.Select(r => r.ErrorMessage))}");
        }

        // ConfigurationBinder appends to the initialised default list, so the sample's entry is bound twice; Distinct keeps this about what is listed.
        Assert.Equal(["zen:event-type:ticket.created"], configuration.GetSection(ZendeskWebhookOptions.SectionName).Get<ZendeskWebhookOptions>()!.StartEventTypes.Distinct());
    }

    private static JsonElement Read(string fileName)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, fileName)));
        return document.RootElement.Clone();
    }

    private static IEnumerable<string> SampleKeys() =>
        Read("local.settings.sample.json").GetProperty("Values").EnumerateObject().Select(p => p.Name).ToArray();

    private static bool IsOptionKey(string key) =>
        OptionSections.Keys.Any(section => key.StartsWith(section.Replace(":", "__", StringComparison.Ordinal) + "__", StringComparison.Ordinal));

    // The keys that bind every settable property: nested option objects recurse, a list is shown by its first element.
    private static IEnumerable<string> SettingKeys(Type type, string prefix)
    {
        foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true))
        {
            Type propertyType = property.PropertyType;
            if (propertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(propertyType))
            {
                yield return $"{prefix}{property.Name}__0";
            }
            else if (propertyType.IsClass && propertyType != typeof(string) && propertyType != typeof(Uri))
            {
                foreach (string key in SettingKeys(propertyType, $"{prefix}{property.Name}__"))
                {
                    yield return key;
                }
            }
            else
            {
                yield return prefix + property.Name;
            }
        }
    }

    [GeneratedRegex("(Secret|ConnectionString|CONNECTION_STRING|Password|Key)$")]
    private static partial Regex SecretKey();

    [GeneratedRegex(@"^@Microsoft\.KeyVault\(SecretUri=https://<vault>\.vault\.azure\.net/secrets/<name>\)$")]
    private static partial Regex KeyVaultPlaceholder();
}
