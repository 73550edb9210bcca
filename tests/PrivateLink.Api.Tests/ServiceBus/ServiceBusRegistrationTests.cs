using Azure.Messaging.ServiceBus;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PrivateLink.Api.Inbound.ServiceBus;
using PrivateLink.Api.Outbound.ServiceBus;
using PrivateLink.Api.Tests.Webhooks;
using PrivateLink.Onboarding.Notifications;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Api.Tests.ServiceBus;

public sealed class ServiceBusRegistrationTests
{
    [Fact]
    public async Task AddServiceBusIntake_Configured_ProcessesWithAutoCompleteOffAndSettlesThroughTheReceiver()
    {
        var client = new FakeServiceBusClient();
        var durable = new RecordingDurableTaskClient();
        await using ServiceProvider provider = Build(client, durable, new() { ["ServiceBus:FullyQualifiedNamespace"] = "test.servicebus.windows.net", ["ServiceBus:RequestQueue"] = "onboarding-requests" });
        IHostedService sut = Assert.Single(provider.GetServices<IHostedService>().OfType<ServiceBusIntakeHostedService>());
        var receiver = new RecordingReceiver();

        await sut.StartAsync(CancellationToken.None);
        FakeProcessor processor = client.Processors["onboarding-requests"];
        await processor.DeliverAsync(Messages.Received(Payloads.Request()), receiver);
        await processor.DeliverAsync(Messages.Received("{", messageId: "msg-2"), receiver);
        await sut.StopAsync(CancellationToken.None);

        Assert.False(processor.Options.AutoCompleteMessages);
        Assert.Equal(["Complete", "DeadLetter"], receiver.Calls);
        Assert.Equal(DeadLetterReasons.MalformedJson, receiver.DeadLetterReason);
        Assert.Single(durable.Scheduled);
    }

    [Fact]
    public async Task AddServiceBusIntake_NotConfigured_CreatesNoProcessor()
    {
        var client = new FakeServiceBusClient();
        await using ServiceProvider provider = Build(client, new RecordingDurableTaskClient(), []);
        IHostedService sut = Assert.Single(provider.GetServices<IHostedService>().OfType<ServiceBusIntakeHostedService>());

        await sut.StartAsync(CancellationToken.None);

        Assert.Empty(client.Processors);
    }

    [Fact]
    public async Task AddServiceBusEvents_Configured_RegistersTopicSink()
    {
        var client = new FakeServiceBusClient();
        await using ServiceProvider provider = Build(client, new RecordingDurableTaskClient(), new() { ["ServiceBus:FullyQualifiedNamespace"] = "test.servicebus.windows.net" });

        IDestinationEventSink sut = Assert.Single(provider.GetServices<IDestinationEventSink>());

        Assert.IsType<ServiceBusEventSink>(sut);
        Assert.True(client.Senders.ContainsKey("destination-events"));
    }

    [Fact]
    public async Task AddServiceBusEvents_NotConfigured_RegistersASinkThatSendsNothing()
    {
        var client = new FakeServiceBusClient();
        await using ServiceProvider provider = Build(client, new RecordingDurableTaskClient(), []);

        IDestinationEventSink sut = Assert.Single(provider.GetServices<IDestinationEventSink>());
        await sut.PublishAsync(new DestinationEvent("e1", "dst-42", null, PrivateLink.Onboarding.Orchestration.OnboardingStage.Ready, null, DateTime.UtcNow, null, null), CancellationToken.None);

        Assert.IsNotType<ServiceBusEventSink>(sut);
        Assert.Empty(client.Senders);
    }

    [Fact]
    public void ServiceBusOptions_Defaults_AreDocumentedValues()
    {
        var sut = new ServiceBusOptions();

        Assert.Equal("destination-events", sut.EventsTopic);
        Assert.Equal("/privatelink/onboarding", sut.EventSource);
        Assert.Equal(4, sut.MaxConcurrentCalls);
        Assert.False(sut.IntakeEnabled);
        Assert.False(sut.EventsEnabled);
    }

    private static ServiceProvider Build(ServiceBusClient client, DurableTaskClient durable, Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(client);
        services.AddSingleton(durable);
        services.AddTransient<OnboardingService>();
        services.AddServiceBusIntake();
        services.AddServiceBusEvents();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }
}
