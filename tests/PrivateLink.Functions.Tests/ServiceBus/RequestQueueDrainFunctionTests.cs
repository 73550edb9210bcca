using System.Text.Json.Nodes;
using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PrivateLink.Api.Inbound.ServiceBus;
using PrivateLink.Functions.ServiceBus;
using PrivateLink.Functions.Tests.Support;
using PrivateLink.Onboarding.Notifications;
using PrivateLink.ServiceBusBroker;

namespace PrivateLink.Functions.Tests.ServiceBus;

/// <summary>The Functions app's timer-triggered drain of the request queue, against the test broker and the in-memory Durable engine.</summary>
public sealed class RequestQueueDrainFunctionTests(DurableEngineFixture engine) : IClassFixture<DurableEngineFixture>, IAsyncLifetime
{
    private const string Queue = "onboarding-requests";
    private const string Target = "/subscriptions/6a8e3c1e-0d5e-4a8f-9a57-0f3a1b2c3d4e/resourceGroups/rg-customer/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg1";
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));
    private ServiceBusTestBroker _broker = null!;
    private ServiceBusClient _client = null!;
    private ServiceBusSender _sender = null!;

    private CancellationToken Ct => _timeout.Token;

    public async Task InitializeAsync()
    {
        _broker = ServiceBusTestBroker.Start();
        _broker.AddQueue(Queue, new EntityOptions { MaxDeliveryCount = 5 });
        _client = new ServiceBusClient(_broker.ConnectionString);
        _sender = _client.CreateSender(Queue);
        await Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _sender.DisposeAsync();
        await _client.DisposeAsync();
        await _broker.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task Drain_ValidAndBadRequests_StartsEachValidOneThroughTheBoundClient_DeadLettersTheBadOnes_SettlesAll()
    {
        string[] ids = [NewId(), NewId(), NewId()];
        foreach (string id in ids)
        {
            await _sender.SendMessageAsync(Request(id), Ct);
        }

        await _sender.SendMessageAsync(Bus("bad-json", "{"), Ct);
        await _sender.SendMessageAsync(Bus("bad-subject", "{}", subject: "onboarding.delete"), Ct);
        await using ServiceProvider services = Services();

        RequestQueueDrainResult result = await Function(services).RunAsync(new TimerInfo(), engine.Client, Ct);

        Assert.Equal(new RequestQueueDrainResult(true, 5, 3, 2, 0, 0, 0, false), result);
        foreach (string id in ids)
        {
            Assert.NotNull(await engine.Client.GetInstanceAsync("onboard-" + id, Ct));
        }

        EntityStats queue = _broker.GetStats(Queue);
        Assert.Equal((0, 0, 3L, 2L), (queue.Active, queue.Locked, queue.Completed, queue.DeadLettered));
        await using ServiceBusReceiver dlq = _client.CreateReceiver(Queue, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        IReadOnlyList<ServiceBusReceivedMessage> dead = await dlq.ReceiveMessagesAsync(2, TimeSpan.FromSeconds(5), Ct);
        Assert.Equal(
            new Dictionary<string, string> { ["bad-json"] = DeadLetterReasons.MalformedJson, ["bad-subject"] = DeadLetterReasons.UnsupportedSubject },
            dead.ToDictionary(m => m.MessageId, m => m.DeadLetterReason));
    }

    [Fact]
    public async Task Drain_RequestWithAnAllowedCallback_StartsTheOnboardingUnderTheAppsCallbackPolicy()
    {
        string id = NewId();
        JsonObject body = JsonNode.Parse(Request(id).Body.ToString())!.AsObject();
        body["callbackUrl"] = "https://callbacks.example.com/onboarding";
        await _sender.SendMessageAsync(Bus("request-" + id, body.ToJsonString()), Ct);
        await using ServiceProvider services = Services(configure: s => s.Configure<CallbackOptions>(o => o.AllowedHosts = "callbacks.example.com"));

        RequestQueueDrainResult result = await Function(services).RunAsync(new TimerInfo(), engine.Client, Ct);

        // The drain validates with the app's callback policy, as the runner's intake does: an allowed host is not dead-lettered.
        Assert.Equal((1, 1, 0), (result.Received, result.Completed, result.DeadLettered));
        Assert.NotNull(await engine.Client.GetInstanceAsync("onboard-" + id, Ct));
    }

    [Fact]
    public async Task Drain_TransientFailure_AbandonsTheMessage_AndItsRedeliveryStartsTheOnboarding()
    {
        string id = NewId();
        await _sender.SendMessageAsync(Request(id), Ct);
        await using ServiceProvider services = Services();
        int calls = 0;
        var flaky = new GatedDurableTaskClient(engine.Client, _ =>
            Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("The task hub is unreachable (injected by the test).") : Task.CompletedTask);

        RequestQueueDrainResult first = await Function(services).RunAsync(new TimerInfo(), flaky, Ct);
        RequestQueueDrainResult second = await Function(services).RunAsync(new TimerInfo(), flaky, Ct);

        // The abandoned message is available again at once, so the same drain receives its redelivery.
        Assert.Equal((2, 1, 1), (first.Received, first.Abandoned, first.Completed));
        Assert.Equal(0, second.Received);
        Assert.NotNull(await engine.Client.GetInstanceAsync("onboard-" + id, Ct));
        Assert.Equal((1L, 1L, 0L), (_broker.GetStats(Queue).Abandoned, _broker.GetStats(Queue).Completed, _broker.GetStats(Queue).DeadLettered));
    }

    [Fact]
    public async Task Drain_StopsAtTheMessageBudget_LeavingTheRestForTheNextTick()
    {
        for (int i = 0; i < 5; i++)
        {
            await _sender.SendMessageAsync(Request(NewId()), Ct);
        }

        await using ServiceProvider services = Services(new() { ["ServiceBus:DrainMaxMessages"] = "2", ["ServiceBus:DrainBatchSize"] = "2" });

        RequestQueueDrainResult result = await Function(services).RunAsync(new TimerInfo(), engine.Client, Ct);

        Assert.Equal((2, 2, false), (result.Received, result.Completed, result.StoppedAtDeadline));
        Assert.Equal(3, _broker.GetStats(Queue).Active);
    }

    [Fact]
    public async Task Drain_DeadlineReachedMidBatch_ReleasesTheRestUnhandled_AndStops()
    {
        string[] ids = [NewId(), NewId(), NewId(), NewId()];
        foreach (string id in ids)
        {
            await _sender.SendMessageAsync(Request(id), Ct);
        }

        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using ServiceProvider services = Services(new() { ["ServiceBus:MaxConcurrentCalls"] = "1", ["ServiceBus:DrainBatchSize"] = "4" }, clock);

        // Each start takes 3 s on the fake clock; the deadline is 8 s away (10 s interval minus the 2 s margin).
        var slow = new GatedDurableTaskClient(engine.Client, _ =>
        {
            clock.Advance(TimeSpan.FromSeconds(3));
            return Task.CompletedTask;
        });
        RequestQueueDrainResult result = await Function(services, clock).RunAsync(new TimerInfo(), slow, Ct);

        Assert.Equal((4, 3, 1, true), (result.Received, result.Completed, result.Released, result.StoppedAtDeadline));
        EntityStats queue = _broker.GetStats(Queue);
        Assert.Equal((1, 3L, 1L), (queue.Active, queue.Completed, queue.Abandoned));
        Assert.Null(await engine.Client.GetInstanceAsync("onboard-" + ids[3], Ct));
    }

    [Fact]
    public async Task Drain_HandlerSlowerThanTheLock_CountsTheLostLock_AndTheRedeliveryStartsNothingTwice()
    {
        await using ServiceBusTestBroker broker = ServiceBusTestBroker.Start();
        broker.AddQueue(Queue, new EntityOptions { LockDuration = TimeSpan.FromSeconds(1) });
        await using var client = new ServiceBusClient(broker.ConnectionString);
        await using ServiceBusSender sender = client.CreateSender(Queue);
        string id = NewId();
        await sender.SendMessageAsync(Request(id), Ct);
        await using ServiceProvider services = Services(new() { ["ServiceBus:ConnectionString"] = broker.ConnectionString, ["ServiceBus:DrainReceiveWait"] = "00:00:02" });
        int calls = 0;
        var slow = new GatedDurableTaskClient(engine.Client, ct => Interlocked.Increment(ref calls) == 1 ? Task.Delay(TimeSpan.FromSeconds(2), ct) : Task.CompletedTask);

        RequestQueueDrainResult result = await Function(services).RunAsync(new TimerInfo(), slow, Ct);

        // First delivery: started, but its lock expired before completion; the redelivery finds the onboarding running.
        Assert.Equal((2, 1, 1), (result.Received, result.LocksLost, result.Completed));
        Assert.Equal(1, Volatile.Read(ref calls));
        Assert.NotNull(await engine.Client.GetInstanceAsync("onboard-" + id, Ct));
        Assert.Equal((1L, 1L, 0L), (broker.GetStats(Queue).LocksExpired, broker.GetStats(Queue).Completed, broker.GetStats(Queue).DeadLettered));
    }

    [Fact]
    public async Task Drain_IntakeNotConfigured_DoesNothing()
    {
        await using ServiceProvider services = Services(new() { ["ServiceBus:ConnectionString"] = null, ["ServiceBus:RequestQueue"] = null });

        RequestQueueDrainResult result = await Function(services).RunAsync(new TimerInfo(), engine.Client, Ct);

        Assert.Same(RequestQueueDrainResult.Disabled, result);
    }

    [Fact]
    public void Deadline_IsTheMarginBeforeTheNextOccurrence_OrOneIntervalAhead()
    {
        var now = new DateTimeOffset(2026, 12, 1, 10, 0, 3, TimeSpan.Zero);
        var timer = new TimerInfo { ScheduleStatus = new ScheduleStatus { Next = new DateTime(2026, 12, 1, 10, 0, 10, DateTimeKind.Utc) } };

        Assert.Equal(now.AddSeconds(5), RequestQueueDrainFunction.Deadline(timer, now));
        Assert.Equal(now.AddSeconds(8), RequestQueueDrainFunction.Deadline(new TimerInfo(), now));
    }

    private static string NewId() => "dst-" + Guid.NewGuid().ToString("N")[..12];

    private static ServiceBusMessage Request(string destinationId) => Bus("request-" + destinationId, new JsonObject
    {
        ["destinationId"] = destinationId,
        ["destinationType"] = "AzurePostgreSql",
        ["targetResourceId"] = Target,
        ["hostName"] = "pg1.postgres.database.azure.com",
    }.ToJsonString());

    private static ServiceBusMessage Bus(string messageId, string body, string subject = ServiceBusIntakeHandler.RequestedSubject) =>
        new(BinaryData.FromString(body)) { MessageId = messageId, Subject = subject, ContentType = "application/json" };

    private static RequestQueueDrainFunction Function(IServiceProvider services, TimeProvider? clock = null) =>
        new(services.GetRequiredService<RequestQueueDrain>(), clock ?? TimeProvider.System);

    private ServiceProvider Services(Dictionary<string, string?>? overrides = null, TimeProvider? clock = null, Action<IServiceCollection>? configure = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ServiceBus:ConnectionString"] = _broker.ConnectionString,
            ["ServiceBus:RequestQueue"] = Queue,
        };
        foreach ((string key, string? value) in overrides ?? [])
        {
            settings[key] = value;
        }

        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        configure?.Invoke(services);
        return services.AddServiceBusRequestDrain().BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
