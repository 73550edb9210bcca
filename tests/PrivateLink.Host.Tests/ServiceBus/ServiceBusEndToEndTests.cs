using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Messaging.ServiceBus;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivateLink.Api;
using PrivateLink.Api.Inbound.ServiceBus;
using PrivateLink.Api.Outbound.ServiceBus;
using PrivateLink.Host.Tests.Reliability;
using PrivateLink.Onboarding;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Notifications;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;
using PrivateLink.ServiceBusBroker;

namespace PrivateLink.Host.Tests.ServiceBus;

/// <summary>
/// The runner's Service Bus intake and destination events end to end on the wire: the runner's own <see cref="ServiceBusProcessor"/> and
/// topic sender talk AMQP to the in-process test broker; requests are sent and events read with the real SDK.
/// </summary>
public sealed class ServiceBusEndToEndTests : IAsyncLifetime
{
    private const string Queue = "onboarding-requests";
    private const string Topic = "destination-events";
    private const string Subscription = "audit";
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(150));
    private OnboardingWorld _world = null!;
    private ServiceBusTestBroker _broker = null!;
    private ServiceBusClient _client = null!;
    private ServiceBusSender _requests = null!;
    private InProcessRunner _runner = null!;
    private int _scheduleCalls;
    private Func<int, CancellationToken, Task> _gate = (_, _) => Task.CompletedTask;

    private CancellationToken Ct => _timeout.Token;

    private OnboardingService Service => _runner.App.Services.GetRequiredService<OnboardingService>();

    public async Task InitializeAsync()
    {
        _world = await OnboardingWorld.StartAsync(Ct);
        _broker = ServiceBusTestBroker.Start();
        _broker.AddQueue(Queue, new EntityOptions { LockDuration = TimeSpan.FromSeconds(2), MaxDeliveryCount = 5 });
        _broker.AddTopic(Topic, duplicateDetectionWindow: TimeSpan.FromHours(1));
        _broker.AddSubscription(Topic, Subscription);
        _client = new ServiceBusClient(_broker.ConnectionString);
        _requests = _client.CreateSender(Queue);
        Dictionary<string, string?> settings = _world.ArmSettings();
        settings["ServiceBus:ConnectionString"] = _broker.ConnectionString;
        settings["ServiceBus:RequestQueue"] = Queue;
        settings["ServiceBus:EventsTopic"] = Topic;
        _runner = await InProcessRunner.StartAsync(settings, Ct, services: services =>
            services.TryAddTransient(sp => new ServiceBusIntakeHandler(
                new OnboardingService(new GatedDurableTaskClient(sp.GetRequiredService<DurableTaskClient>(), GateAsync)),
                sp.GetRequiredService<ILogger<ServiceBusIntakeHandler>>(),
                sp.GetRequiredService<IOptionsMonitor<CallbackOptions>>())));
    }

    public async Task DisposeAsync()
    {
        await _runner.DisposeAsync();
        await _requests.DisposeAsync();
        await _client.DisposeAsync();
        await _broker.DisposeAsync();
        await _world.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task ValidRequest_StartsAnOnboarding_ItsEventsArriveWithCloudEventsProperties_AndARepublishedEventIsDropped()
    {
        const string Id = "sb-valid";
        await _requests.SendMessageAsync(Request(Id), Ct);
        await WaitForStageAsync(Id, OnboardingStage.AwaitingApproval);

        await using ServiceBusReceiver events = _client.CreateReceiver(Topic, Subscription);
        ServiceBusReceivedMessage waiting = await ReceiveAsync(events);
        AssertCloudEvent(waiting, Id, "awaitingapproval");
        await events.CompleteMessageAsync(waiting, Ct);

        _world.Emulator.ApproveConnection(OnboardingWorld.EndpointName(Id), "approved by the customer");
        Assert.Equal(CommandOutcome.Accepted, (await Service.NotifyApprovalAsync(Id, "test", new Actor("test-operator", DisplayName: "Test operator"), Ct)).Outcome);
        await WaitForStageAsync(Id, OnboardingStage.Ready);
        ServiceBusReceivedMessage ready = await ReceiveAsync(events);
        AssertCloudEvent(ready, Id, "ready");
        await events.CompleteMessageAsync(ready, Ct);

        // The activity publishing again (a replay after a crash) sends the same MessageId: the topic drops it.
        DestinationEvent again = JsonSerializer.Deserialize<DestinationEvent>(waiting.Body.ToString(), OnboardingJson.Options)!;
        await _runner.App.Services.GetRequiredService<ServiceBusEventSink>().PublishAsync(again, Ct);
        Assert.Equal((2L, 1L), _broker.GetTopicStats(Topic));
        Assert.Null(await events.ReceiveMessageAsync(TimeSpan.FromMilliseconds(500), Ct));

        EntityStats queue = _broker.GetStats(Queue);
        Assert.Equal((1L, 0L, 0L), (queue.Completed, queue.Abandoned, queue.DeadLettered));
    }

    [Fact]
    public async Task EachClassOfBadMessage_IsDeadLetteredWithItsReason_AndStartsNothing()
    {
        const string Running = "sb-running";
        await _requests.SendMessageAsync(Request(Running), Ct);
        await WaitForStageAsync(Running, OnboardingStage.AwaitingApproval);

        JsonObject missingHost = _world.Request("sb-missing-host");
        missingHost.Remove("hostName");
        JsonObject conflicting = _world.Request(Running);
        conflicting["hostName"] = "other.example.com";
        (ServiceBusMessage Message, string Reason)[] corpus =
        [
            (Bus("bad-subject", "{}", subject: "onboarding.delete"), DeadLetterReasons.UnsupportedSubject),
            (Bus("bad-content-type", _world.Request("sb-text").ToJsonString(), contentType: "text/plain"), DeadLetterReasons.UnsupportedContentType),
            (Bus("too-large", "{\"destinationId\":\"" + new string('a', 70 * 1024) + "\"}"), DeadLetterReasons.TooLarge),
            (Bus("not-json", "{"), DeadLetterReasons.MalformedJson),
            (Bus("unknown-field", "{\"evil\":1}"), DeadLetterReasons.MalformedJson),
            (Bus("missing-host", missingHost.ToJsonString()), DeadLetterReasons.ValidationFailed),
            (Bus("conflict", conflicting.ToJsonString()), DeadLetterReasons.Conflict),
            (Bus("cancel-unknown", "{\"destinationId\":\"nobody-here\"}", subject: ServiceBusIntakeHandler.CancelSubject), DeadLetterReasons.NotFound),
        ];
        foreach ((ServiceBusMessage message, _) in corpus)
        {
            await _requests.SendMessageAsync(message, Ct);
        }

        await using ServiceBusReceiver deadLetters = _client.CreateReceiver(Queue, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        var dead = new Dictionary<string, ServiceBusReceivedMessage>();
        while (dead.Count < corpus.Length)
        {
            ServiceBusReceivedMessage m = await ReceiveAsync(deadLetters);
            dead[m.MessageId] = m;
            await deadLetters.CompleteMessageAsync(m, Ct);
        }

        foreach ((ServiceBusMessage message, string reason) in corpus)
        {
            ServiceBusReceivedMessage m = dead[message.MessageId];
            Assert.True(reason == m.DeadLetterReason, $"{message.MessageId}: {m.DeadLetterReason} {m.DeadLetterErrorDescription}");
            Assert.False(string.IsNullOrWhiteSpace(m.DeadLetterErrorDescription), message.MessageId);
        }

        Assert.Contains("hostName", dead["missing-host"].DeadLetterErrorDescription, StringComparison.Ordinal);
        Assert.Null(await Service.GetAsync("sb-missing-host", Ct));
        Assert.Null(await Service.GetAsync("sb-text", Ct));
        Assert.Equal("localhost", (await Service.GetAsync(Running, Ct))!.Request!.HostName);
        EntityStats queue = _broker.GetStats(Queue);
        Assert.Equal((1L, 0L, (long)corpus.Length), (queue.Completed, queue.Abandoned, queue.DeadLettered));
    }

    [Fact]
    public async Task TransientFailure_AbandonsTheMessage_AndTheRedeliveryStartsTheOnboarding()
    {
        const string Id = "sb-transient";
        _gate = (call, _) => call == 1 ? throw new InvalidOperationException("The task hub is unreachable (injected by the test).") : Task.CompletedTask;

        await _requests.SendMessageAsync(Request(Id), Ct);
        await WaitForStageAsync(Id, OnboardingStage.AwaitingApproval);
        await WaitForAsync(() => _broker.GetStats(Queue).Completed == 1, "the redelivered request is completed");

        EntityStats queue = _broker.GetStats(Queue);
        Assert.Equal((1L, 2L, 1L, 0L), (queue.Abandoned, queue.Deliveries, queue.Completed, queue.DeadLettered));
        Assert.Contains(_runner.Logs.Lines, l => l.Contains("abandoned after a transient failure (delivery 1)", StringComparison.Ordinal));
        Assert.Equal(1, _world.Emulator.CreatedCount(OnboardingWorld.EndpointName(Id)));
    }

    [Fact]
    public async Task HandlerSlowerThanTheLock_KeepsItsLock_AndTheMessageIsDeliveredOnce()
    {
        const string Id = "sb-slow";
        _gate = (call, ct) => call == 1 ? Task.Delay(TimeSpan.FromSeconds(5), ct) : Task.CompletedTask; // 2.5 lock durations

        await _requests.SendMessageAsync(Request(Id), Ct);
        await WaitForAsync(() => _broker.GetStats(Queue).Completed == 1, "the slow request is completed");
        await WaitForStageAsync(Id, OnboardingStage.AwaitingApproval);

        EntityStats queue = _broker.GetStats(Queue);
        Assert.True(queue.LocksRenewed >= 1, $"renewed {queue.LocksRenewed}");
        Assert.Equal((0L, 1L, 0L, 0L), (queue.LocksExpired, queue.Deliveries, queue.Abandoned, queue.DeadLettered));
        Assert.Equal(1, Volatile.Read(ref _scheduleCalls));
    }

    [Fact]
    public async Task RequestDeliveredAgain_StartsNothingTwice()
    {
        const string Id = "sb-again";
        await _requests.SendMessageAsync(Request(Id), Ct);
        await WaitForStageAsync(Id, OnboardingStage.AwaitingApproval);
        await _requests.SendMessageAsync(Request(Id), Ct); // the same message again, as after a lost settlement

        await WaitForAsync(() => _broker.GetStats(Queue).Completed == 2, "both deliveries are completed");

        Assert.Equal(1, Volatile.Read(ref _scheduleCalls));
        Assert.Equal(1, _world.Emulator.CreatedCount(OnboardingWorld.EndpointName(Id)));
        Assert.Equal(0, _broker.GetStats(Queue).DeadLettered);
        Assert.Equal(OnboardingStage.AwaitingApproval, (await Service.GetAsync(Id, Ct))!.Stage);
    }

    private static void AssertCloudEvent(ServiceBusReceivedMessage message, string destinationId, string stage)
    {
        IReadOnlyDictionary<string, object> p = message.ApplicationProperties;
        Assert.Equal("1.0", p["cloudEvents:specversion"]);
        Assert.Equal("com.privatelink.onboarding." + stage, p["cloudEvents:type"]);
        Assert.Equal("/privatelink/onboarding", p["cloudEvents:source"]);
        Assert.Equal(message.MessageId, p["cloudEvents:id"]);
        Assert.Equal(destinationId, p["cloudEvents:subject"]);
        Assert.IsType<DateTimeOffset>(p["cloudEvents:time"]);
        Assert.Equal("application/json", p["cloudEvents:datacontenttype"]);
        Assert.Equal(destinationId, message.Subject);
        Assert.Equal("REL-" + destinationId, message.CorrelationId);
        Assert.Equal("application/json", message.ContentType);
        using JsonDocument body = JsonDocument.Parse(message.Body.ToString());
        Assert.Equal(destinationId, body.RootElement.GetProperty("destinationId").GetString());
        Assert.False(body.RootElement.TryGetProperty("callbackUrl", out JsonElement callback) && callback.ValueKind != JsonValueKind.Null);
    }

    private Task GateAsync(CancellationToken cancellationToken) => _gate(Interlocked.Increment(ref _scheduleCalls), cancellationToken);

    private ServiceBusMessage Request(string destinationId) =>
        Bus("request-" + destinationId, _world.Request(destinationId).ToJsonString());

    private static ServiceBusMessage Bus(string messageId, string body, string subject = ServiceBusIntakeHandler.RequestedSubject, string contentType = "application/json") =>
        new(BinaryData.FromString(body)) { MessageId = messageId, Subject = subject, ContentType = contentType };

    private async Task<ServiceBusReceivedMessage> ReceiveAsync(ServiceBusReceiver receiver)
    {
        while (true)
        {
            ServiceBusReceivedMessage? message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
            if (message is not null)
            {
                return message;
            }
        }
    }

    private Task WaitForStageAsync(string destinationId, OnboardingStage stage) =>
        WaitForAsync(async () => (await Service.GetAsync(destinationId, Ct))?.Stage == stage, $"{destinationId} reaches {stage}");

    private Task WaitForAsync(Func<bool> done, string what) => WaitForAsync(() => Task.FromResult(done()), what);

    private async Task WaitForAsync(Func<Task<bool>> done, string what)
    {
        try
        {
            while (!await done())
            {
                await Task.Delay(100, Ct);
            }
        }
        catch (OperationCanceledException) when (Ct.IsCancellationRequested)
        {
            Assert.Fail($"Timed out waiting until {what}; queue {_broker.GetStats(Queue)}");
        }
    }
}
