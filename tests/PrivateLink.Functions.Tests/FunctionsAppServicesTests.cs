using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PrivateLink.Api;
using PrivateLink.Api.Inbound.ServiceBus;
using PrivateLink.Api.Inbound.Webhooks;
using PrivateLink.Api.Outbound.ServiceBus;
using PrivateLink.Functions.Http;
using PrivateLink.Onboarding;
using PrivateLink.Onboarding.Notifications;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Functions.Tests;

public sealed class FunctionsAppServicesTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Arm:SubscriptionId"] = "6a8e3c1e-0d5e-4a8f-9a57-0f3a1b2c3d4e",
        ["Arm:ResourceGroup"] = "rg-privatelink-endpoints",
        ["Arm:Location"] = "eastus",
        ["Arm:SubnetId"] = "/subscriptions/6a8e3c1e-0d5e-4a8f-9a57-0f3a1b2c3d4e/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet-pe",
    };

    [Fact]
    public void AddFunctionsAppServices_WorkerJsonOptions_WriteWhatTheRunnersConverterWrites()
    {
        // The worker builds its serializer from these options, and the isolated Durable extension its data converter from that
        // serializer; the extension also reads an orchestration input asked for as another type with them directly.
        using ServiceProvider sp = Build();
        JsonSerializerOptions options = sp.GetRequiredService<IOptions<JsonSerializerOptions>>().Value;
        var status = new OnboardingStatus(OnboardingStage.AwaitingApproval, DateTime.UnixEpoch, "waiting", [], null, null);

        string fromWorker = JsonSerializer.Serialize(status, options);

        Assert.Equal(OnboardingDataConverter.Instance.Serialize(status), fromWorker);
        Assert.Contains("\"AwaitingApproval\"", fromWorker, StringComparison.Ordinal);
    }

    [Fact]
    public void AddFunctionsAppServices_EveryActivity_CanBeCreatedFromTheContainer()
    {
        using ServiceProvider sp = Build();
        Type[] activities = typeof(OnboardingRegistration).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(ITaskActivity).IsAssignableFrom(t))
            .ToArray();

        Assert.NotEmpty(activities);
        foreach (Type activity in activities)
        {
            Assert.NotNull(ActivatorUtilities.CreateInstance(sp, activity));
        }
    }

    [Fact]
    public void AddFunctionsAppServices_RegistersNothingThatNeedsADurableTaskClientFromTheContainer()
    {
        // The isolated Durable extension binds a client per invocation and registers none: such a registration fails the
        // container's validation on build, which is on in Development (func start).
        var services = new ServiceCollection();

        services.AddFunctionsAppServices(new ConfigurationBuilder().AddInMemoryCollection(Settings).Build());

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(OnboardingService));
        Assert.DoesNotContain(services, d => d.ImplementationType?.GetConstructors().Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(DurableTaskClient))) == true);
    }

    [Fact]
    public void AddFunctionsAppServices_WebhookFunctions_CanBeCreatedFromTheContainer()
    {
        using ServiceProvider sp = Build(("Webhooks:Generic:SigningSecret", "whsec_dGVzdC1vbmx5LXN0YW5kYXJkLXdlYmhvb2sta2V5LTMyYg=="));

        var sut = ActivatorUtilities.CreateInstance<TicketWebhookFunctions>(sp);

        Assert.NotNull(sut);
        Assert.Equal("whsec_dGVzdC1vbmx5LXN0YW5kYXJkLXdlYmhvb2sta2V5LTMyYg==", sp.GetRequiredService<IOptions<GenericWebhookOptions>>().Value.SigningSecret);
    }

    [Theory]
    [InlineData(null, null, null, typeof(InMemoryWebhookReplayStore))]
    [InlineData("UseDevelopmentStorage=true", null, null, typeof(TableWebhookReplayStore))]
    [InlineData(null, "stprivatelink", null, typeof(TableWebhookReplayStore))]
    [InlineData(null, null, "stdurable", typeof(TableWebhookReplayStore))]
    public void AddFunctionsAppServices_ReplayStore_IsATableWhenTheAppHasStorage(string? hostConnectionString, string? hostAccountName, string? durableAccountName, Type expected)
    {
        // Flex Consumption scales out: an in-memory store would let a replay through on another instance.
        using ServiceProvider sp = Build(
            ("AzureWebJobsStorage", hostConnectionString),
            ("AzureWebJobsStorage:accountName", hostAccountName),
            ("DurableTask:StorageAccountName", durableAccountName));

        IWebhookReplayStore sut = sp.GetRequiredService<IWebhookReplayStore>();

        Assert.IsType(expected, sut);
    }

    [Theory]
    [InlineData(null, "DisabledEventSink")]
    [InlineData("sb-privatelink.servicebus.windows.net", nameof(ServiceBusEventSink))]
    public async Task AddFunctionsAppServices_DestinationEvents_GoToTheTopicOnlyWhenConfigured(string? serviceBusNamespace, string expectedSink)
    {
        // The Service Bus client is only IAsyncDisposable.
        await using ServiceProvider sp = Build(("ServiceBus:FullyQualifiedNamespace", serviceBusNamespace));

        IDestinationEventSink[] sinks = [.. sp.GetServices<IDestinationEventSink>()];

        Assert.Contains(sinks, s => s is CallbackEventSink);
        Assert.Contains(sinks, s => s.GetType().Name == expectedSink);
    }

    [Fact]
    public void AddFunctionsAppServices_ServiceBusIntake_IsNotHostedInTheWorker()
    {
        // Its processor resolves OnboardingService from DI, but the isolated Durable extension gives a DurableTaskClient only as a
        // [DurableClient] binding: every request message would be abandoned until dead-lettered. It needs a Service Bus trigger.
        var services = new ServiceCollection();

        services.AddFunctionsAppServices(new ConfigurationBuilder().AddInMemoryCollection(Settings).Build());

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "ServiceBusIntakeHostedService");
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(ServiceBusIntakeHandler));
    }

    [Fact]
    public void AddHostStorageReplayStore_BeforeOrAfterTheSharedServices_TheTableStoreWins()
    {
        // One registration entry per host, independent of call order: the host's own store replaces the shared default either way.
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(Settings)
            .AddInMemoryCollection([new KeyValuePair<string, string?>("AzureWebJobsStorage", "UseDevelopmentStorage=true")])
            .Build();
        var before = new ServiceCollection();
        before.AddSingleton(configuration).AddLogging();
        before.AddHostStorageReplayStore(configuration);
        before.AddPrivateLinkOnboarding();
        var after = new ServiceCollection();
        after.AddSingleton(configuration).AddLogging();
        after.AddPrivateLinkOnboarding();
        after.AddHostStorageReplayStore(configuration);
        using ServiceProvider first = before.BuildServiceProvider();
        using ServiceProvider second = after.BuildServiceProvider();

        Assert.IsType<TableWebhookReplayStore>(first.GetRequiredService<IWebhookReplayStore>());
        Assert.IsType<TableWebhookReplayStore>(second.GetRequiredService<IWebhookReplayStore>());
    }

    [Fact]
    public async Task AddFunctionsAppServices_CalledTwice_RegistersEachSinkOnce()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton(configuration).AddLogging();
        services.AddFunctionsAppServices(configuration);
        int once = services.Count(d => d.ServiceType == typeof(IDestinationEventSink));

        services.AddFunctionsAppServices(configuration);
        await using ServiceProvider sp = services.BuildServiceProvider();

        // The callback, the two ticket systems and the topic: each event is delivered once per sink, however often the entry ran.
        Assert.Equal(4, once);
        Assert.Equal(once, sp.GetServices<IDestinationEventSink>().Count());
    }

    private static ServiceProvider Build(params (string Key, string? Value)[] extra)
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(Settings)
            .AddInMemoryCollection(extra.Where(e => e.Value is not null).Select(e => new KeyValuePair<string, string?>(e.Key, e.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging();
        services.AddFunctionsAppServices(configuration);
        return services.BuildServiceProvider();
    }
}
