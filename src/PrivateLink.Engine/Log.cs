namespace PrivateLink.Engine;

/// <summary>Log messages of the Durable Task engine wiring (event ids 4000-4001).</summary>
internal static partial class Log
{
    [LoggerMessage(4000, LogLevel.Warning, "Durable Task engine: IN MEMORY, NOT DURABLE. Onboardings are lost when this process stops. Set DurableTask:StorageConnectionString or DurableTask:StorageAccountName for the Azure Storage backend.")]
    public static partial void InMemoryEngine(ILogger logger);

    [LoggerMessage(4001, LogLevel.Information, "Durable Task engine: Azure Storage, task hub {TaskHub}, {PartitionCount} partitions")]
    public static partial void AzureStorageEngine(ILogger logger, string taskHub, int partitionCount);
}
