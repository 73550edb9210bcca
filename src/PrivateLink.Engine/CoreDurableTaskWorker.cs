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
            new WorkerOrchestrationService(orchestrationService, engineOptions.Value.ActivityDispatchers),
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
