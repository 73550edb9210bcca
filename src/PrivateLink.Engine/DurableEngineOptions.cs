using System.ComponentModel.DataAnnotations;

namespace PrivateLink.Engine;

/// <summary>How the runner hosts the Durable Task engine.</summary>
public sealed class DurableEngineOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "DurableTask";

    /// <summary>Gets or sets the Azure Storage connection string of the task hub (Azurite locally). Development only: in Azure use <see cref="StorageAccountName"/> with a managed identity.</summary>
    /// <value>The default is none: with neither this nor <see cref="StorageAccountName"/>, the engine runs in memory and is not durable.</value>
    public string? StorageConnectionString { get; set; }

    /// <summary>Gets or sets the storage account of the task hub, reached with <c>DefaultAzureCredential</c>.</summary>
    /// <value>The default is none.</value>
    public string? StorageAccountName { get; set; }

    /// <summary>Gets or sets the task hub name (shared by every replica).</summary>
    /// <value>The default is <c>privatelinkonboardingv4</c> (v4: the workflow payloads and history of this version differ from the previous releases'; a new hub leaves instances of the old one to finish under the old build).</value>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    public string TaskHubName { get; set; } = "privatelinkonboardingv4";

    /// <summary>Gets or sets the number of control-queue partitions (Azure Storage backend).</summary>
    /// <value>The default is 4.</value>
    [Range(1, 16)]
    public int PartitionCount { get; set; } = 4;

    /// <summary>Gets or sets the longest wait between queue polls when idle (Azure Storage backend); bounds the latency of an approval event.</summary>
    /// <value>The default is 2 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets the most orchestration work items processed at once per replica, on either backend.</summary>
    /// <value>The default is 100.</value>
    [Range(1, 10_000)]
    public int MaxConcurrentOrchestrations { get; set; } = 100;

    /// <summary>Gets or sets the most activities run at once per replica, on either backend (the in-memory one's own bound is the processor count).</summary>
    /// <value>The default is 100.</value>
    [Range(1, 10_000)]
    public int MaxConcurrentActivities { get; set; } = 100;

    /// <summary>Gets or sets how many loops fetch activity work items in parallel (each fetches one and waits for it before the next).</summary>
    /// <remarks>The Azure Storage backend's own choice is one loop fetching one queue message per request: one activity per storage round trip per replica.</remarks>
    /// <value>The default is 4.</value>
    [Range(1, 32)]
    public int ActivityDispatchers { get; set; } = 4;

    /// <summary>Gets or sets how long a dequeued work item stays invisible (Azure Storage backend): after a replica dies, its in-flight activities run again this much later.</summary>
    /// <remarks>Must exceed the longest activity (ARM operations, probes); activities are idempotent, so a redelivery is safe.</remarks>
    /// <value>The default is 5 minutes (the backend's own default).</value>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan WorkItemVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how long a dequeued orchestration message stays invisible (Azure Storage backend).</summary>
    /// <value>The default is 5 minutes (the backend's own default).</value>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets a value indicating whether orchestrations stay loaded between episodes (Azure Storage backend), saving a history read per step.</summary>
    /// <value>The default is false.</value>
    public bool ExtendedSessions { get; set; }

    /// <summary>Gets or sets the name this process takes in the task hub's partition table (Azure Storage backend).</summary>
    /// <remarks>
    /// The backend's own default is the machine name, so two runners on one machine took the same name: each took the other's
    /// partition leases for its own and both read every control queue. A process that stopped gracefully has released its leases;
    /// one that crashed holds them until they expire (<c>LeaseInterval</c>, 30 s) and its successor, under a new name, then takes them.
    /// </remarks>
    /// <value>The default is the machine name and the process id.</value>
    [Required]
    [RegularExpression("^[A-Za-z0-9._-]{1,100}$")]
    public string WorkerId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>Gets a value indicating whether a durable backend is configured.</summary>
    public bool IsDurable => !string.IsNullOrEmpty(StorageConnectionString) || !string.IsNullOrEmpty(StorageAccountName);
}
