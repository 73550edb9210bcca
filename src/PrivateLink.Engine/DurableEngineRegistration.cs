using Azure.Identity;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Options;
using PrivateLink.Onboarding;

namespace PrivateLink.Engine;

/// <summary>Wires the workflow onto a Durable Task engine inside the runner: Azure Storage when configured, in memory otherwise.</summary>
public static class DurableEngineRegistration
{
    /// <summary>Registers the orchestration service, the in-process worker running the onboarding tasks, and a <see cref="DurableTaskClient"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="moreTasks">Registers further tasks beside the onboarding workflow (benchmarks).</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddDurableEngine(this IServiceCollection services, Action<DurableTaskRegistry>? moreTasks = null)
    {
        services.AddOptions<DurableEngineOptions>()
            .BindConfiguration(DurableEngineOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton<IOrchestrationService>(CreateOrchestrationService);
        services.AddSingleton(sp => (IOrchestrationServiceClient)sp.GetRequiredService<IOrchestrationService>());
        services.AddDurableTaskWorker(builder =>
        {
            builder.AddTasks(registry =>
            {
                registry.AddOnboardingTasks();
                moreTasks?.Invoke(registry);
            });
            builder.Configure(o => o.DataConverter = OnboardingDataConverter.Instance);
            builder.UseBuildTarget<CoreDurableTaskWorker>();
        });
        services.AddDurableTaskClient(builder =>
        {
            builder.Configure(o => o.DataConverter = OnboardingDataConverter.Instance);
            builder.UseBuildTarget<OrchestrationServiceDurableTaskClient>();
        });
        return services;
    }

    private static IOrchestrationService CreateOrchestrationService(IServiceProvider sp)
    {
        DurableEngineOptions options = sp.GetRequiredService<IOptions<DurableEngineOptions>>().Value;
        ILoggerFactory loggerFactory = sp.GetRequiredService<ILoggerFactory>();
        ILogger logger = loggerFactory.CreateLogger(typeof(DurableEngineRegistration));
        if (!options.IsDurable)
        {
            Log.InMemoryEngine(logger);
            return new InMemoryOrchestrationService(loggerFactory);
        }

        StorageAccountClientProvider account = !string.IsNullOrEmpty(options.StorageConnectionString)
            ? new StorageAccountClientProvider(options.StorageConnectionString)
            : new StorageAccountClientProvider(options.StorageAccountName!, new DefaultAzureCredential());
        Log.AzureStorageEngine(logger, options.TaskHubName, options.PartitionCount);
        return new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = options.TaskHubName,
            StorageAccountClientProvider = account,
            PartitionCount = options.PartitionCount,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
            WorkItemQueueVisibilityTimeout = options.WorkItemVisibilityTimeout,
            ControlQueueVisibilityTimeout = options.ControlQueueVisibilityTimeout,
            ExtendedSessionsEnabled = options.ExtendedSessions,
            WorkerId = options.WorkerId,

            // The app lease lets a second app take a task hub over from the first (slot swaps); this service never shares its hub
            // with another app (a new version gets a new hub), and without the lease a worker that once failed to acquire it (a
            // storage timeout at start-up) waited 5 minutes (AppLeaseOptions.AcquireInterval) before it read any control queue.
            UseAppLease = false,

            // Each pass of the partition manager reads and writes the partition table under this bound and retries at once when it
            // is exceeded (the backend's 2 s); on a busy storage account that cancel-and-retry only adds load, and a first claim
            // that keeps timing out leaves the worker without partitions. Well inside the 30 s lease the passes renew every 10 s.
            PartitionTableOperationTimeout = TimeSpan.FromSeconds(10),
            LoggerFactory = loggerFactory,
        });
    }
}
