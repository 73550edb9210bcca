using System.Globalization;
using DurableTask.AzureStorage;

namespace PrivateLink.TestKit;

/// <summary>
/// The Azurite world of the tests: the one Azurite test.sh starts (scripts/services/azurite.sh exports its connection string), a
/// task hub on it that no other test uses, the runner's settings for that hub, and the hub's tables, queues and blobs deleted when
/// the test ends, so no test leaves leases or instances behind for the next one.
/// </summary>
public sealed class AzuriteTaskHub : IAsyncDisposable
{
    /// <summary>The variable scripts/services/azurite.sh exports.</summary>
    public const string ConnectionStringVariable = "AZURITE_CONNECTION_STRING";

    /// <summary>Initializes a new instance of the <see cref="AzuriteTaskHub"/> class: a new hub name; nothing is created until a runner starts on it.</summary>
    /// <param name="prefix">A short prefix naming the test (letters only: task hub names are table and queue names).</param>
    public AzuriteTaskHub(string prefix)
    {
        ConnectionString = RequireConnectionString();
        Name = prefix + Guid.NewGuid().ToString("N")[..12];
    }

    /// <summary>Gets the Azurite connection string.</summary>
    public string ConnectionString { get; }

    /// <summary>Gets the task hub name.</summary>
    public string Name { get; }

    /// <summary>Gets Azurite's connection string, or fails with directions when test.sh did not start it.</summary>
    /// <returns>The connection string.</returns>
    public static string RequireConnectionString()
    {
        string? value = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        return string.IsNullOrEmpty(value)
            ? throw new InvalidOperationException($"{ConnectionStringVariable} is not set: run the tests through ./test.sh, which starts Azurite (scripts/services/azurite.sh).")
            : value;
    }

    /// <summary>Gets the runner's settings for this hub: its connection and name, <paramref name="partitions"/> control queues, and queues polled every 0.5 s at most.</summary>
    /// <param name="partitions">The number of partitions (control queues).</param>
    /// <param name="visibilityTimeout">When set, the work-item and control-queue visibility timeouts: how soon a message a stopped or killed runner held is seen again.</param>
    /// <returns>Configuration keys and values, to add to the runner's.</returns>
    public Dictionary<string, string?> Settings(int partitions = 1, TimeSpan? visibilityTimeout = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["DurableTask:StorageConnectionString"] = ConnectionString,
            ["DurableTask:TaskHubName"] = Name,
            ["DurableTask:PartitionCount"] = partitions.ToString(CultureInfo.InvariantCulture),
            ["DurableTask:MaxQueuePollingInterval"] = "00:00:00.500",
        };
        if (visibilityTimeout is { } timeout)
        {
            settings["DurableTask:WorkItemVisibilityTimeout"] = timeout.ToString("c", CultureInfo.InvariantCulture);
            settings["DurableTask:ControlQueueVisibilityTimeout"] = timeout.ToString("c", CultureInfo.InvariantCulture);
        }

        return settings;
    }

    /// <summary>Deletes the hub's tables, queues and blob container (nothing when no runner ever created them).</summary>
    /// <returns>A task that completes when they are gone.</returns>
    public async ValueTask DisposeAsync()
    {
        var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(ConnectionString),
            TaskHubName = Name,
        });
        await service.DeleteAsync();
    }
}
