using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.Logging;

namespace PrivateLink.Bench.Engine;

/// <summary>The same workload as <see cref="ShapeOrchestrator"/> written directly against DurableTask.Core (no shim), for the overhead ratio.</summary>
internal sealed class CoreShapeOrchestration : TaskOrchestration<int, int>
{
    private TaskCompletionSource<int>? _go;

    public override async Task<int> RunTask(OrchestrationContext context, int input)
    {
        int sum = await context.ScheduleTask<int>(typeof(CoreNoopActivity), input);
        sum += await context.ScheduleTask<int>(typeof(CoreNoopActivity), input);
        _go ??= new TaskCompletionSource<int>();
        using (var timerCts = new CancellationTokenSource())
        {
            Task<bool> timer = context.CreateTimer(context.CurrentUtcDateTime.AddHours(1), true, timerCts.Token);
            if (await Task.WhenAny(_go.Task, timer) == _go.Task)
            {
                timerCts.Cancel();
                sum += _go.Task.Result;
            }
        }

        sum += await context.ScheduleTask<int>(typeof(CoreNoopActivity), input);
        int[] fan = await Task.WhenAll(context.ScheduleTask<int>(typeof(CoreNoopActivity), 1), context.ScheduleTask<int>(typeof(CoreNoopActivity), 2));
        sum += fan.Sum();
        return sum + await context.ScheduleTask<int>(typeof(CoreNoopActivity), input);
    }

    public override void RaiseEvent(OrchestrationContext context, string name, string input)
    {
        if (name == ShapeOrchestrator.Go)
        {
            _go ??= new TaskCompletionSource<int>();
            _go.TrySetResult(int.Parse(input, System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}

/// <summary>A trivial DurableTask.Core activity.</summary>
internal sealed class CoreNoopActivity : TaskActivity<int, int>
{
    protected override int Execute(TaskContext context, int input) => input;
}

/// <summary>Runs <see cref="CoreShapeOrchestration"/> through bare DurableTask.Core's client: starts, raises and watches with one query per pass.</summary>
internal static class CoreShapeRun
{
    public static Task<RunResult> RunAsync(string name, int count, TaskHubClient client, DurableTask.Core.Query.IOrchestrationServiceQueryClient query, CancellationToken cancellationToken) =>
        Driver.RunAsync(
            name,
            count,
            100,
            async i => (await client.CreateOrchestrationInstanceAsync(typeof(CoreShapeOrchestration), $"core-{i}", i)).InstanceId,
            id => client.RaiseEventAsync(new OrchestrationInstance { InstanceId = id }, ShapeOrchestrator.Go, 1),
            async token =>
            {
                var seen = new List<ObservedInstance>();
                string? continuation = null;
                do
                {
                    DurableTask.Core.Query.OrchestrationQueryResult page = await query.GetOrchestrationWithQueryAsync(
                        new DurableTask.Core.Query.OrchestrationQuery { InstanceIdPrefix = "core-", PageSize = 1000, ContinuationToken = continuation }, token);
                    seen.AddRange(page.OrchestrationState.Select(s => new ObservedInstance(
                        s.OrchestrationInstance.InstanceId,
                        s.OrchestrationStatus != OrchestrationStatus.Pending,
                        s.OrchestrationStatus == OrchestrationStatus.Completed,
                        s.OrchestrationStatus is OrchestrationStatus.Failed or OrchestrationStatus.Terminated ? $"{s.OrchestrationStatus}: {s.Output}" : null,
                        s.LastUpdatedTime)));
                    continuation = page.ContinuationToken;
                }
                while (continuation is not null);
                return seen;
            },
            cancellationToken);
}

/// <summary>
/// A bare DurableTask.Core task hub running <see cref="CoreShapeOrchestration"/>: in memory, or on Azure Storage with the backend
/// settings the runner's wiring gives its own hub, so the two differ only in what runs on top. Started and warmed up; disposing
/// stops the worker and deletes an Azure Storage hub.
/// </summary>
internal sealed class BareCoreHub : IAsyncDisposable
{
    private readonly IOrchestrationService _service;
    private readonly TaskHubWorker _worker;
    private readonly bool _deleteOnDispose;

    private BareCoreHub(IOrchestrationService service, TaskHubWorker worker, bool deleteOnDispose)
    {
        _service = service;
        _worker = worker;
        _deleteOnDispose = deleteOnDispose;
        Client = new TaskHubClient((IOrchestrationServiceClient)service);
        Query = (DurableTask.Core.Query.IOrchestrationServiceQueryClient)service;
    }

    public TaskHubClient Client { get; }

    public DurableTask.Core.Query.IOrchestrationServiceQueryClient Query { get; }

    public static async Task<BareCoreHub> StartAsync(string? connection, string hub)
    {
        IOrchestrationService service = connection is null
            ? new InMemoryOrchestrationService()
            : new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
            {
                TaskHubName = hub,
                StorageAccountClientProvider = new StorageAccountClientProvider(connection),
                PartitionCount = 4,
                MaxQueuePollingInterval = TimeSpan.FromMilliseconds(500),
                MaxConcurrentTaskOrchestrationWorkItems = 100,
                MaxConcurrentTaskActivityWorkItems = 100,
                UseAppLease = false,
                PartitionTableOperationTimeout = TimeSpan.FromSeconds(10),
            });
        await service.CreateIfNotExistsAsync();
        var worker = new TaskHubWorker(service, LoggerFactory.Create(_ => { }));
        worker.AddTaskOrchestrations(typeof(CoreShapeOrchestration)).AddTaskActivities(typeof(CoreNoopActivity));
        await worker.StartAsync();
        var started = new BareCoreHub(service, worker, connection is not null);
        OrchestrationInstance warmUp = await started.Client.CreateOrchestrationInstanceAsync(typeof(CoreShapeOrchestration), "warm-core", 0);
        await started.Client.RaiseEventAsync(warmUp, ShapeOrchestrator.Go, 1);
        await started.Client.WaitForOrchestrationAsync(warmUp, TimeSpan.FromMinutes(5));
        return started;
    }

    public async ValueTask DisposeAsync()
    {
        await _worker.StopAsync(true);
        if (_deleteOnDispose)
        {
            await _service.DeleteAsync();
        }
    }
}
