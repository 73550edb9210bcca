using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Hosting;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Options;

namespace PrivateLink.Engine;

/// <summary>Runs the registry's <c>TaskOrchestrator</c>/<c>TaskActivity</c> classes on DurableTask.Core's <see cref="TaskHubWorker"/> in this process.</summary>
/// <remarks>
/// The classes are wrapped by <see cref="DurableTaskShimFactory"/> (the same shims the gRPC worker and the Functions host use),
/// so the workflow code is identical on both hosts; there is no gRPC hop between worker and engine.
/// Failures propagate as <c>FailureDetails</c>, so <c>TaskFailureDetails.IsCausedBy&lt;T&gt;()</c> works in retry policies.
/// </remarks>
internal sealed partial class CoreDurableTaskWorker(
    string name,
    IDurableTaskFactory factory,
    IOptionsMonitor<DurableTaskWorkerOptions> workerOptions,
    IOrchestrationService orchestrationService,
    IOptions<DurableEngineOptions> engineOptions,
    IServiceProvider services,
    ILoggerFactory loggerFactory) : DurableTaskWorker(name, factory)
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var shims = new DurableTaskShimFactory(workerOptions.Get(Name), loggerFactory);
        var worker = new TaskHubWorker(
            new WorkerOrchestrationService(orchestrationService, engineOptions.Value),
            new TaskObjectManager<TaskOrchestration>(taskName =>
                Factory.TryCreateOrchestrator(new TaskName(taskName), services, out ITaskOrchestrator? orchestrator)
                    ? shims.CreateOrchestration(new TaskName(taskName), orchestrator)
                    : null),
            new TaskObjectManager<TaskActivity>(taskName =>
                Factory.TryCreateActivity(new TaskName(taskName), services, out ITaskActivity? activity)
                    ? shims.CreateActivity(new TaskName(taskName), activity)
                    : null),
            loggerFactory)
        {
            ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
        };

        await orchestrationService.CreateIfNotExistsAsync();
        await worker.StartAsync();
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (stoppingToken.Register(() => stopped.TrySetResult()))
        {
            await stopped.Task;
        }

        // Graceful for the work items in flight; the backend itself stops forced (see WorkerOrchestrationService), so its
        // partition leases are released before the host's shutdown timeout and the next runner on the task hub need not wait.
        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await worker.StopAsync(isForced: false);
        EngineStopped(loggerFactory.CreateLogger<CoreDurableTaskWorker>(), stopping.ElapsedMilliseconds);
    }

    [LoggerMessage(EventId = 5350, Level = LogLevel.Information, Message = "Durable Task engine stopped in {ElapsedMilliseconds} ms (work items in flight finished, partition leases released)")]
    private static partial void EngineStopped(ILogger logger, long elapsedMilliseconds);
}

/// <summary>Hands DurableTask.Core the orchestrations and activities of the registry, created on demand.</summary>
/// <typeparam name="T">TaskOrchestration or TaskActivity.</typeparam>
internal sealed class TaskObjectManager<T>(Func<string, T?> create) : INameVersionObjectManager<T>
{
    public void Add(ObjectCreator<T> creator) =>
        throw new NotSupportedException("Tasks are registered through DurableTaskRegistry (AddOnboardingTasks), not on the core worker.");

    public T? GetObject(string name, string? version) => create(name);
}

/// <summary>
/// The orchestration service as the worker sees it: every member forwards to the backend, except that stopping always stops the
/// backend in its forced mode, and the concurrency bounds and the number of activity dispatch loops are the runner's.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="TaskHubWorker.StopAsync(bool)"/> first stops its dispatchers (graceful: each waits up to 8 s for the work items in
/// flight) and then the backend with the same flag. A graceful Azure Storage backend then waits, partition by partition, for the
/// control-queue messages it has already fetched but not handed out to be processed — which cannot happen any more, the
/// dispatchers being stopped — and gives up after 60 s per partition before it releases the partition leases. That is longer than
/// a host's shutdown timeout (30 s by default), so the host stopped waiting, the worker kept running in the background holding
/// its leases, and the next runner on the task hub waited for them. Forced, the backend drops those sessions at once and releases
/// the leases; the messages it had fetched become visible again after <c>ControlQueueVisibilityTimeout</c>, which is what the
/// 60-second wait ended in too. The work items in flight still get the dispatchers' graceful wait.</para>
/// <para>Each activity dispatch loop fetches one work item at a time and waits for it before the next fetch; the Azure Storage
/// backend asks for one loop and fetches one queue message per request, so a replica ran at most one activity per storage round
/// trip however many activities it may run at once. Several loops fetch in parallel, still bounded by
/// <c>MaxConcurrentActivities</c>.</para>
/// <para>The concurrency bounds are the runner's (<c>MaxConcurrentOrchestrations</c>, <c>MaxConcurrentActivities</c>) on every
/// backend. The in-memory backend's own answer is the processor count: on a 2-core machine the runner ran two activities at once,
/// and an activity waits on ARM (a throttled call sleeps through its Retry-After), so two slow calls held every onboarding.</para>
/// </remarks>
internal sealed class WorkerOrchestrationService(IOrchestrationService inner, DurableEngineOptions options) : IOrchestrationService
{
    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;

    public int MaxConcurrentTaskOrchestrationWorkItems => options.MaxConcurrentOrchestrations;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;

    public int TaskActivityDispatcherCount => Math.Max(inner.TaskActivityDispatcherCount, options.ActivityDispatchers);

    public int MaxConcurrentTaskActivityWorkItems => options.MaxConcurrentActivities;

    public Task StartAsync() => inner.StartAsync();

    public Task StopAsync() => inner.StopAsync(isForced: true);

    public Task StopAsync(bool isForced) => inner.StopAsync(isForced: true);

    public Task CreateAsync() => inner.CreateAsync();

    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);

    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();

    public Task DeleteAsync() => inner.DeleteAsync();

    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);

    public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState) =>
        inner.CompleteTaskOrchestrationWorkItemAsync(workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);

    public Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => inner.RenewTaskActivityWorkItemLockAsync(workItem);

    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage) =>
        inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);

    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem) => inner.AbandonTaskActivityWorkItemAsync(workItem);
}
