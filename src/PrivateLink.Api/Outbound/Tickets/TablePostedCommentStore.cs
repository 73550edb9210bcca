using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace PrivateLink.Api.Outbound.Tickets;

/// <summary>A posted-comment store in an Azure table (the webhook replay table of the durable storage account), shared by every instance.</summary>
/// <remarks>Partition key <c>ticketcomment</c> (the replay store's partitions are the webhook scopes); row key is the SHA-256 of the comment key in hex.</remarks>
/// <param name="table">The table client; the table is created on first use.</param>
/// <param name="timeProvider">The clock that decides when records expire.</param>
public sealed class TablePostedCommentStore(TableClient table, TimeProvider timeProvider) : IPostedCommentStore
{
    /// <summary>The partition of the records.</summary>
    public const string PartitionKey = "ticketcomment";

    private const string ExpiresAtProperty = "ExpiresAt";
    private int _tableCreated;

    /// <inheritdoc/>
    public async Task<bool> WasPostedAsync(string commentKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(commentKey);
        await EnsureTableAsync(cancellationToken);
        NullableResponse<TableEntity> existing = await table.GetEntityIfExistsAsync<TableEntity>(PartitionKey, RowKey(commentKey), cancellationToken: cancellationToken);
        return existing.HasValue && existing.Value!.GetDateTimeOffset(ExpiresAtProperty) is { } expiresAt && expiresAt > timeProvider.GetUtcNow();
    }

    /// <inheritdoc/>
    public async Task RecordPostedAsync(string commentKey, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(commentKey);
        await EnsureTableAsync(cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(PartitionKey, RowKey(commentKey)) { [ExpiresAtProperty] = expiresAt }, TableUpdateMode.Replace, cancellationToken);
    }

    private static string RowKey(string commentKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(commentKey)));

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _tableCreated) == 0)
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
            Volatile.Write(ref _tableCreated, 1);
        }
    }
}
