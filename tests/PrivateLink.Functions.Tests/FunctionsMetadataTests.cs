using System.Reflection;
using System.Text.Json;
using Microsoft.DurableTask;
using PrivateLink.Api.Jobs;
using PrivateLink.Functions.Tests.Support;
using PrivateLink.Onboarding;
using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Functions.Tests;

/// <summary>The published app as the Functions host will index it: functions.metadata, extensions.json, worker.config.json, host.json.</summary>
public sealed class FunctionsMetadataTests(PublishedApp app) : IClassFixture<PublishedApp>
{
    public static TheoryData<string, string, string, string> HttpFunctions => new()
    {
        { "SubmitOnboarding", "post", "onboardings", "Anonymous" },
        { "ListOnboardings", "get", "onboardings", "Anonymous" },
        { "GetOnboarding", "get", "onboardings/{destinationId}", "Anonymous" },
        { "NotifyApproval", "post", "onboardings/{destinationId}/approval", "Anonymous" },
        { "CancelOnboarding", "post", "onboardings/{destinationId}/cancel", "Anonymous" },
        { "OffboardDestination", "delete", "onboardings/{destinationId}", "Anonymous" },
        { "RecheckOnboarding", "post", "onboardings/{destinationId}/recheck", "Anonymous" },
        { "Health", "get", "healthz", "Anonymous" },

        // Anonymous: the senders cannot hold a function key; each delivery is authenticated by its signature.
        { "TicketWebhook", "post", "webhooks/tickets", "Anonymous" },
        { "ZendeskWebhook", "post", "webhooks/zendesk", "Anonymous" },
        { "JiraWebhook", "post", "webhooks/jira", "Anonymous" },
    };

    [Theory]
    [MemberData(nameof(HttpFunctions))]
    public void FunctionsMetadata_HttpFunction_HasRouteMethodAndAuthLevel(string name, string method, string route, string authLevel)
    {
        JsonElement trigger = Trigger(name);

        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal([method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(authLevel, trigger.GetProperty("authLevel").GetString());
    }

    [Theory]
    [MemberData(nameof(HttpFunctions))]
    public void FunctionsMetadata_HttpFunctionsButHealth_BindDurableClient(string name, string method, string route, string authLevel)
    {
        _ = (method, route, authLevel);
        bool hasClient = Bindings(name).Any(b => b.GetProperty("type").GetString() == "durableClient");

        Assert.Equal(name != "Health", hasClient);
    }

    [Fact]
    public void FunctionsMetadata_EveryOrchestratorAndActivity_IsAFunctionNamedAfterItsClass()
    {
        // The orchestrators call activities by nameof(class): a function named otherwise would never run.
        Type[] tasks = typeof(OnboardingRegistration).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && (typeof(ITaskOrchestrator).IsAssignableFrom(t) || typeof(ITaskActivity).IsAssignableFrom(t)))
            .ToArray();

        Assert.NotEmpty(tasks);
        foreach (Type task in tasks)
        {
            string expected = typeof(ITaskOrchestrator).IsAssignableFrom(task) ? "orchestrationTrigger" : "activityTrigger";
            Assert.True(FunctionNames().Contains(task.Name), $"No function named {task.Name}.");
            Assert.Equal(expected, Trigger(task.Name).GetProperty("type").GetString());
        }
    }

    [Fact]
    public void FunctionsMetadata_ApprovalWatcher_IsTimerWithDurableClient()
    {
        JsonElement trigger = Trigger("ApprovalWatcher");

        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("0 */1 * * * *", trigger.GetProperty("schedule").GetString());
        Assert.Contains(Bindings("ApprovalWatcher"), b => b.GetProperty("type").GetString() == "durableClient");
    }

    [Fact]
    public void FunctionsMetadata_OrphanReconciler_IsTimerWithDurableClient()
    {
        JsonElement trigger = Trigger("OrphanReconciler");

        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("0 */10 * * * *", trigger.GetProperty("schedule").GetString());
        Assert.Contains(Bindings("OrphanReconciler"), b => b.GetProperty("type").GetString() == "durableClient");
    }

    [Fact]
    public void FunctionsMetadata_Retention_IsHourlyTimerWithDurableClient()
    {
        JsonElement trigger = Trigger("Retention");

        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("0 17 * * * *", trigger.GetProperty("schedule").GetString());
        Assert.Contains(Bindings("Retention"), b => b.GetProperty("type").GetString() == "durableClient");
    }

    [Fact]
    public void FunctionsMetadata_RequestQueueDrain_IsTimerWithDurableClient()
    {
        JsonElement trigger = Trigger("RequestQueueDrain");

        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("*/10 * * * * *", trigger.GetProperty("schedule").GetString());
        Assert.Contains(Bindings("RequestQueueDrain"), b => b.GetProperty("type").GetString() == "durableClient");
    }

    [Fact]
    public void FunctionsMetadata_ListsExactlyTheExpectedFunctions()
    {
        string[] expected =
        [
            .. HttpFunctions.Select(row => (string)row[0]),
            "ApprovalWatcher", "OrphanReconciler", "Retention", "RequestQueueDrain",
            "OnboardDestinationOrchestrator", "RecheckDestinationOrchestrator", "OffboardDestinationOrchestrator", "HealthCheckDestinationOrchestrator",
            "ValidateTargetActivity", "BeginCreatePrivateEndpointActivity", "GetOperationStatusActivity", "GetConnectionStateActivity",
            "BeginDeletePrivateEndpointActivity", "ProbeEndpointActivity", "PublishDestinationEventActivity", "GetApprovalRemindersActivity",
            "RegisterPrivateDnsActivity", "GetPrivateDnsRecordsActivity", "DeletePrivateDnsRecordActivity",
        ];

        Assert.Equal(expected.Order(StringComparer.Ordinal), FunctionNames().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void FunctionsMetadata_EntryPoints_ExistInTheWorkerAssembly()
    {
        Assembly worker = typeof(FunctionsAppServices).Assembly;

        foreach (JsonElement function in app.FunctionsMetadata.EnumerateArray())
        {
            string entryPoint = function.GetProperty("entryPoint").GetString()!;
            int dot = entryPoint.LastIndexOf('.');
            Type? type = worker.GetType(entryPoint[..dot]);
            Assert.NotNull(type);
            Assert.NotNull(type.GetMethod(entryPoint[(dot + 1)..]));
            Assert.Equal("PrivateLink.Functions.dll", function.GetProperty("scriptFile").GetString());
        }
    }

    [Fact]
    public void ExtensionsJson_ListsDurableTaskExtension()
    {
        JsonElement extensions = app.ReadJson("extensions.json").GetProperty("extensions");

        JsonElement durable = Assert.Single(extensions.EnumerateArray(), e => e.GetProperty("name").GetString() == "DurableTask");
        Assert.StartsWith("Microsoft.Azure.WebJobs.Extensions.DurableTask.", durable.GetProperty("typeName").GetString(), StringComparison.Ordinal);
        string hintPath = durable.GetProperty("hintPath").GetString()!;
        Assert.True(File.Exists(Path.Combine(app.Directory, hintPath)), $"{hintPath} is not in the published app.");
    }

    [Fact]
    public void WorkerConfig_IsDotnetIsolatedWithTheWorkerAssembly()
    {
        JsonElement description = app.ReadJson("worker.config.json").GetProperty("description");

        Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
        Assert.Equal("PrivateLink.Functions.dll", description.GetProperty("defaultWorkerPath").GetString());
    }

    [Fact]
    public void HostJson_IsTheRepositoryRootCopy()
    {
        Assert.Equal(
            File.ReadAllText(Path.Combine(Repository.Root, "host.json")),
            File.ReadAllText(Path.Combine(app.Directory, "host.json")));
    }

    private HashSet<string> FunctionNames() =>
        app.FunctionsMetadata.EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToHashSet(StringComparer.Ordinal);

    private IEnumerable<JsonElement> Bindings(string functionName)
    {
        JsonElement function = Assert.Single(app.FunctionsMetadata.EnumerateArray(), f => f.GetProperty("name").GetString() == functionName);
        return function.GetProperty("bindings").EnumerateArray().ToArray();
    }

    private JsonElement Trigger(string functionName) =>
        Assert.Single(Bindings(functionName), b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
}
