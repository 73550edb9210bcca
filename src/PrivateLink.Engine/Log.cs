namespace PrivateLink.Engine;

/// <summary>Log messages of the Durable Task engine wiring (event ids 4000-4099; docs/logging.md has the table of ranges).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Warning, Message = "Durable Task engine: IN MEMORY, NOT DURABLE. Onboardings are lost when this process stops. Set DurableTask:StorageConnectionString or DurableTask:StorageAccountName for the Azure Storage backend.")]
    public static partial void InMemoryEngine(ILogger logger);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Durable Task engine: Azure Storage, task hub {TaskHub}, {PartitionCount} partitions")]
    public static partial void AzureStorageEngine(ILogger logger, string taskHub, int partitionCount);
}
