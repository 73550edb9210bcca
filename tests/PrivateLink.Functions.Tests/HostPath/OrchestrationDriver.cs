using System.Text.Json;
using Azure.Core.Serialization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PrivateLink.Functions.Tests.HostPath;

/// <summary>
/// Plays the Durable host's part for one orchestration: sends the orchestrator function an <see cref="OrchestratorRequest"/>
/// (base64, as the host's orchestration trigger does) over a growing history, runs each scheduled activity through its activity
/// function with the input string the orchestrator wrote, and feeds back the result the worker returned, serialized as the worker
/// hands it to the host. Timers and external events are added when the test says so.
/// </summary>
internal sealed class OrchestrationDriver(WorkerInvoker worker, IServiceProvider services, string orchestratorFunction, string instanceId)
{
    private readonly List<HistoryEvent> _past = [];
    private readonly List<HistoryEvent> _new = [];
    private readonly Dictionary<int, Timestamp> _timers = [];
    private DateTime _now = new(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);
    private int _eventId;

    /// <summary>Gets the activities run, in order, with the input the orchestrator wrote.</summary>
    public List<(string Name, string? Input)> Activities { get; } = [];

    /// <summary>Gets the last custom status the orchestrator set.</summary>
    public string? CustomStatus { get; private set; }

    /// <summary>Gets the pending durable timers (id → fire time).</summary>
    public IReadOnlyDictionary<int, Timestamp> Timers => _timers;

    /// <summary>Gets the completion, once the orchestration completed.</summary>
    public CompleteOrchestrationAction? Completion { get; private set; }

    /// <summary>Starts the instance with its input exactly as the client wrote it.</summary>
    /// <param name="serializedInput">The input JSON.</param>
    public void Start(string serializedInput) =>
        _new.Add(new HistoryEvent
        {
            EventId = -1,
            Timestamp = Timestamp.FromDateTime(_now),
            ExecutionStarted = new ExecutionStartedEvent
            {
                Name = orchestratorFunction,
                Input = serializedInput,
                OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = "0f3a1b2c3d4e" },
            },
        });

    /// <summary>Raises an external event with the payload as a client writes it.</summary>
    /// <param name="name">The event name.</param>
    /// <param name="serializedPayload">The payload JSON.</param>
    public void Raise(string name, string serializedPayload) =>
        _new.Add(new HistoryEvent { EventId = -1, Timestamp = Timestamp.FromDateTime(_now), EventRaised = new EventRaisedEvent { Name = name, Input = serializedPayload } });

    /// <summary>Fires a pending timer, moving the clock to its time.</summary>
    /// <param name="timerId">The timer's id.</param>
    public void FireTimer(int timerId)
    {
        Timestamp fireAt = _timers[timerId];
        _timers.Remove(timerId);
        _now = fireAt.ToDateTime();
        _new.Add(new HistoryEvent { EventId = -1, Timestamp = fireAt, TimerFired = new TimerFiredEvent { TimerId = timerId, FireAt = fireAt } });
    }

    /// <summary>Runs episodes (and the activities they schedule) until the orchestration completes or waits on a timer or an event.</summary>
    /// <returns>A task that completes when the orchestration is idle or done.</returns>
    public async Task RunUntilIdleAsync()
    {
        ObjectSerializer serializer = services.GetRequiredService<IOptions<WorkerOptions>>().Value.Serializer!;
        while (_new.Count > 0 && Completion is null)
        {
            _now = _now.AddSeconds(1);
            var request = new OrchestratorRequest { InstanceId = instanceId, ExecutionId = "0f3a1b2c3d4e" };
            request.PastEvents.AddRange(_past);
            request.NewEvents.Add(new HistoryEvent { EventId = -1, Timestamp = Timestamp.FromDateTime(_now), OrchestratorStarted = new OrchestratorStartedEvent() });
            request.NewEvents.AddRange(_new);
            object? result = await worker.InvokeAsync(orchestratorFunction, new Dictionary<string, object?> { ["context"] = Convert.ToBase64String(request.ToByteArray()) });
            OrchestratorResponse response = OrchestratorResponse.Parser.ParseFrom(Convert.FromBase64String(Assert.IsType<string>(result)));
            _past.AddRange(request.NewEvents);
            _new.Clear();
            if (response.CustomStatus is { } status)
            {
                CustomStatus = status;
            }

            foreach (OrchestratorAction action in response.Actions)
            {
                switch (action.OrchestratorActionTypeCase)
                {
                    case OrchestratorAction.OrchestratorActionTypeOneofCase.ScheduleTask:
                        _past.Add(new HistoryEvent { EventId = action.Id, Timestamp = Timestamp.FromDateTime(_now), TaskScheduled = new TaskScheduledEvent { Name = action.ScheduleTask.Name, Input = action.ScheduleTask.Input } });
                        string? output = await RunActivityAsync(action.ScheduleTask.Name, action.ScheduleTask.Input, serializer);
                        _new.Add(new HistoryEvent { EventId = ++_eventId + 10_000, Timestamp = Timestamp.FromDateTime(_now), TaskCompleted = new TaskCompletedEvent { TaskScheduledId = action.Id, Result = output } });
                        break;
                    case OrchestratorAction.OrchestratorActionTypeOneofCase.CreateTimer:
                        _past.Add(new HistoryEvent { EventId = action.Id, Timestamp = Timestamp.FromDateTime(_now), TimerCreated = new TimerCreatedEvent { FireAt = action.CreateTimer.FireAt } });
                        _timers[action.Id] = action.CreateTimer.FireAt;
                        break;
                    case OrchestratorAction.OrchestratorActionTypeOneofCase.CompleteOrchestration:
                        Completion = action.CompleteOrchestration;
                        break;
                    default:
                        throw new InvalidOperationException($"The test host does not play {action.OrchestratorActionTypeCase}.");
                }
            }
        }
    }

    private async Task<string?> RunActivityAsync(string name, string? input, ObjectSerializer serializer)
    {
        // The orchestration context schedules the input wrapped in a one-element JSON array; the host's activity trigger binding
        // unwraps it and sends the element's JSON, under the binding named after the function's parameter.
        string? unwrapped = null;
        if (input is not null)
        {
            using JsonDocument scheduled = JsonDocument.Parse(input);
            Assert.Equal(JsonValueKind.Array, scheduled.RootElement.ValueKind);
            unwrapped = Assert.Single(scheduled.RootElement.EnumerateArray()).GetRawText();
        }

        input = unwrapped;
        Activities.Add((name, input));
        string binding = worker.TriggerBindingName(name);
        object? output = await worker.InvokeAsync(
            name,
            new Dictionary<string, object?> { [binding] = input },
            new Dictionary<string, object?> { ["instanceId"] = instanceId, [binding] = input });

        // The worker's gRPC layer sends a returned object to the host as JSON written by the worker's serializer.
        return output is null ? null : serializer.Serialize(output, output.GetType(), default).ToString();
    }
}
