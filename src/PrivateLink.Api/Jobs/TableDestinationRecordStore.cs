using System.Net;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using PrivateLink.Onboarding;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Api.Jobs;

/// <summary>Destination records in an Azure table of the task hub's storage account, shared by every instance.</summary>
/// <remarks>
/// One partition (<c>destination</c>); the row key is the destination id (lower-case letters, digits and dashes, so a valid row key
/// and the list's order). The view is stored as its API JSON (UTF-8) in binary properties of at most 64 KiB each (<c>View0</c>,
/// <c>View1</c>, … and <c>ViewParts</c>), beside its <c>Stage</c> so that a stage filter is a server-side query.
/// </remarks>
/// <param name="table">The table client; the table is created on first use.</param>
public sealed class TableDestinationRecordStore(TableClient table) : IDestinationRecordStore
{
    /// <summary>The partition every record is in.</summary>
    public const string Partition = "destination";

    private const string StageProperty = "Stage";
    private const string PartsProperty = "ViewParts";
    private const string ViewProperty = "View";
    private const int MaxPropertyBytes = 64 * 1024;
    private int _tableCreated;

    /// <inheritdoc/>
    public async Task SaveAsync(OnboardingView view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        await EnsureTableAsync(cancellationToken);
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(view, OnboardingJson.Options);
        var entity = new TableEntity(Partition, view.DestinationId) { [StageProperty] = view.Stage.ToString() };
        int parts = 0;
        for (int offset = 0; offset < json.Length; offset += MaxPropertyBytes, parts++)
        {
            entity[ViewProperty + parts] = json[offset..Math.Min(json.Length, offset + MaxPropertyBytes)];
        }

        entity[PartsProperty] = parts;
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<OnboardingView?> GetAsync(string destinationId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(destinationId);
        try
        {
            NullableResponse<TableEntity> response = await table.GetEntityIfExistsAsync<TableEntity>(Partition, destinationId, cancellationToken: cancellationToken);
            return response.HasValue ? Read(response.Value!) : null;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return null; // the table does not exist yet: nothing was ever purged
        }
    }

    /// <inheritdoc/>
    public async Task<OnboardingPage> ListAsync(OnboardingStage? stage, string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        string filter = stage is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {Partition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and Stage eq {stage.Value.ToString()}");
        try
        {
            await foreach (Page<TableEntity> page in table.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
            {
                return new OnboardingPage(page.Values.Select(Read).ToList(), string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
            }
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound && continuationToken is null)
        {
            // The table does not exist yet: nothing was ever purged.
        }

        return new OnboardingPage([], null);
    }

    /// <inheritdoc/>
    public async Task RemoveAsync(string destinationId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(destinationId);
        try
        {
            await table.DeleteEntityAsync(Partition, destinationId, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            // The table does not exist yet.
        }
    }

    private static OnboardingView Read(TableEntity entity)
    {
        int parts = entity.GetInt32(PartsProperty) ?? throw new FormatException($"Destination record {entity.RowKey} has no {PartsProperty}.");
        using var json = new MemoryStream();
        for (int i = 0; i < parts; i++)
        {
            byte[] part = entity.GetBinary(ViewProperty + i) ?? throw new FormatException($"Destination record {entity.RowKey} lacks {ViewProperty}{i}.");
            json.Write(part);
        }

        return JsonSerializer.Deserialize<OnboardingView>(json.ToArray(), OnboardingJson.Options)
            ?? throw new FormatException($"Destination record {entity.RowKey} holds no view.");
    }

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _tableCreated) == 0)
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
            Volatile.Write(ref _tableCreated, 1);
        }
    }
}
