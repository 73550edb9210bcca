using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using PrivateLink.Functions.Activities;
using PrivateLink.Functions.Tests.Support;
using PrivateLink.Onboarding.Notifications;
using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Functions.Tests.Activities;

public sealed class ActivityFunctionsTests
{
    [Fact]
    public async Task RunAsync_BindingDataHasInstanceId_ActivitySeesNameAndInstanceId()
    {
        var context = new FakeFunctionContext(
            new ServiceCollection().AddSingleton(new Greeting("hello")).BuildServiceProvider(),
            new Dictionary<string, object?> { ["instanceId"] = "onboard-dst-1" });

        string result = await ActivityInvoker.RunAsync<EchoContextActivity, string, string>(context, "in");

        Assert.Equal("hello|EchoContextActivity|onboard-dst-1|in", result);
    }

    [Fact]
    public async Task RunAsync_NoInstanceIdInBindingData_UsesEmptyInstanceId()
    {
        var context = new FakeFunctionContext(
            new ServiceCollection().AddSingleton(new Greeting("hi")).BuildServiceProvider(),
            new Dictionary<string, object?>());

        string result = await ActivityInvoker.RunAsync<EchoContextActivity, string, string>(context, "x");

        Assert.Equal("hi|EchoContextActivity||x", result);
    }

    [Fact]
    public async Task PublishDestinationEvent_WithSink_DeliversTheEventThroughTheSharedActivity()
    {
        var sink = new RecordingSink();
        ServiceProvider services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IDestinationEventSink>(sink)
            .BuildServiceProvider();
        var context = new FakeFunctionContext(services, new Dictionary<string, object?> { ["instanceId"] = "onboard-dst-2" });
        var destinationEvent = new DestinationEvent("dst-2:Ready:1", "dst-2", "SUP-1", OnboardingStage.Ready, "ok", DateTime.UnixEpoch, null, null);

        int delivered = await ActivityFunctions.PublishDestinationEvent(destinationEvent, context);

        Assert.Equal(1, delivered);
        Assert.Same(destinationEvent, Assert.Single(sink.Events));
    }

    public sealed record Greeting(string Text);

    public sealed class EchoContextActivity(Greeting greeting) : TaskActivity<string, string>
    {
        public override Task<string> RunAsync(TaskActivityContext context, string input) =>
            Task.FromResult($"{greeting.Text}|{context.Name}|{context.InstanceId}|{input}");
    }

    private sealed class RecordingSink : IDestinationEventSink
    {
        public List<DestinationEvent> Events { get; } = [];

        public Task PublishAsync(DestinationEvent destinationEvent, CancellationToken cancellationToken)
        {
            Events.Add(destinationEvent);
            return Task.CompletedTask;
        }
    }
}
