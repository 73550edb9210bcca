using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace PrivateLink.Api.Inbound.Webhooks;

/// <summary>A replay store in an Azure table (the durable storage account), shared by every instance: insert-if-absent, where a 409 means "seen before".</summary>
/// <remarks>
/// Partition key is the webhook scope; row key is the SHA-256 of the delivery key in hex (delivery ids may hold characters a row key forbids).
/// An expired record is replaced with an ETag-conditional update, so two instances racing on it still let only one through.
/// </remarks>
/// <param name="table">The table client; the table is created on first use.</param>
/// <param name="timeProvider">The clock that decides when records expire.</param>
public sealed class TableWebhookReplayStore(TableClient table, TimeProvider timeProvider) : IWebhookReplayStore
{
    private const string ExpiresAtProperty = "ExpiresAt";
    private int _tableCreated;

    /// <inheritdoc/>
    public async Task<bool> TryRecordAsync(string scope, string deliveryKey, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        ArgumentException.ThrowIfNullOrEmpty(deliveryKey);
        await EnsureTableAsync(cancellationToken);
        var entity = new TableEntity(scope, RowKey(deliveryKey)) { [ExpiresAtProperty] = expiresAt };
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            // Seen before, unless that record has expired.
        }

        Response<TableEntity> existing = await table.GetEntityAsync<TableEntity>(entity.PartitionKey, entity.RowKey, cancellationToken: cancellationToken);
        DateTimeOffset? recordedExpiry = existing.Value.GetDateTimeOffset(ExpiresAtProperty);
        if (recordedExpiry is { } expiry && expiry > timeProvider.GetUtcNow())
        {
            return false;
        }

        try
        {
            await table.UpdateEntityAsync(entity, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
            // Another instance took the expired record first.
            return false;
        }
    }

    /// <inheritdoc/>
    public async Task ForgetAsync(string scope, string deliveryKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        ArgumentException.ThrowIfNullOrEmpty(deliveryKey);
        await table.DeleteEntityAsync(scope, RowKey(deliveryKey), ETag.All, cancellationToken);
    }

    /// <summary>Gets the row key of a delivery key.</summary>
    /// <param name="deliveryKey">The delivery key.</param>
    /// <returns>Lower-case hex SHA-256 of its UTF-8 bytes.</returns>
    internal static string RowKey(string deliveryKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(deliveryKey)));

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _tableCreated) == 0)
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
            Volatile.Write(ref _tableCreated, 1);
        }
    }
}
