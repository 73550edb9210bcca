using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using Microsoft.Extensions.Time.Testing;
using PrivateLink.Api.Inbound.Webhooks;

namespace PrivateLink.Api.Tests.Webhooks;

public sealed class ReplayStoreTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task InMemoryTryRecord_SameKeyTwice_SecondIsReplay()
    {
        var sut = new InMemoryWebhookReplayStore(_time);

        bool first = await sut.TryRecordAsync("generic", "msg_1", _time.GetUtcNow().AddMinutes(10), CancellationToken.None);
        bool second = await sut.TryRecordAsync("generic", "msg_1", _time.GetUtcNow().AddMinutes(10), CancellationToken.None);

        Assert.True(first);
        Assert.False(second);
    }

    [Fact]
    public async Task InMemoryTryRecord_SameKeyOtherScope_IsNotReplay()
    {
        var sut = new InMemoryWebhookReplayStore(_time);
        await sut.TryRecordAsync("generic", "msg_1", _time.GetUtcNow().AddMinutes(10), CancellationToken.None);

        bool result = await sut.TryRecordAsync("jira", "msg_1", _time.GetUtcNow().AddMinutes(10), CancellationToken.None);

        Assert.True(result);
    }

    [Fact]
    public async Task InMemoryTryRecord_AfterExpiry_IsAcceptedAgain()
    {
        var sut = new InMemoryWebhookReplayStore(_time);
        await sut.TryRecordAsync("generic", "msg_1", _time.GetUtcNow().AddMinutes(10), CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(10));

        bool result = await sut.TryRecordAsync("generic", "msg_1", _time.GetUtcNow().AddMinutes(10), CancellationToken.None);

        Assert.True(result);
    }

    [Fact]
    public async Task InMemoryForget_ThenTryRecord_IsAccepted()
    {
        var sut = new InMemoryWebhookReplayStore(_time);
        await sut.TryRecordAsync("generic", "msg_1", _time.GetUtcNow().AddMinutes(10), CancellationToken.None);

        await sut.ForgetAsync("generic", "msg_1", CancellationToken.None);
        bool result = await sut.TryRecordAsync("generic", "msg_1", _time.GetUtcNow().AddMinutes(10), CancellationToken.None);

        Assert.True(result);
    }

    [Fact]
    public async Task TableTryRecord_FirstInsert_ReturnsTrueAndStoresHashedRowKey()
    {
        var table = new FakeTableClient();
        var sut = new TableWebhookReplayStore(table, _time);

        bool result = await sut.TryRecordAsync("zendesk", "2025-06-01T12:00:00Z|abc/+=", _time.GetUtcNow().AddMinutes(10), CancellationToken.None);

        Assert.True(result);
        TableEntity entity = Assert.Single(table.Entities.Values);
        Assert.Equal("zendesk", entity.PartitionKey);
        Assert.Matches("^[0-9a-f]{64}$", entity.RowKey);
        Assert.Equal(1, table.CreateCalls);
    }

    [Fact]
    public async Task TableTryRecord_ConflictOnInsert_ReturnsFalse()
    {
        var table = new FakeTableClient();
        var sut = new TableWebhookReplayStore(table, _time);
        await sut.TryRecordAsync("generic", "msg_1", _time.GetUtcNow().AddMinutes(10), CancellationToken.None);

        bool result = await sut.TryRecordAsync("generic", "msg_1", _time.GetUtcNow().AddMinutes(10), CancellationToken.None);

        Assert.False(result);
        Assert.Equal(2, table.AddCalls);
    }

    [Fact]
    public async Task TableTryRecord_ExpiredRecord_IsReplacedAndAccepted()
    {
        var table = new FakeTableClient();
        var sut = new TableWebhookReplayStore(table, _time);
        await sut.TryRecordAsync("generic", "msg_1", _time.GetUtcNow().AddMinutes(10), CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(11));

        bool result = await sut.TryRecordAsync("generic", "msg_1", _time.GetUtcNow().AddMinutes(10), CancellationToken.None);

        Assert.True(result);
        Assert.Equal(_time.GetUtcNow().AddMinutes(10), Assert.Single(table.Entities.Values).GetDateTimeOffset("ExpiresAt"));
    }

    [Fact]
    public async Task TableForget_RemovesTheRecord()
    {
        var table = new FakeTableClient();
        var sut = new TableWebhookReplayStore(table, _time);
        await sut.TryRecordAsync("generic", "msg_1", _time.GetUtcNow().AddMinutes(10), CancellationToken.None);

        await sut.ForgetAsync("generic", "msg_1", CancellationToken.None);

        Assert.Empty(table.Entities);
    }

    /// <summary>A TableClient over a dictionary: insert answers 409 for an existing key, as the Table service does.</summary>
    private sealed class FakeTableClient : TableClient
    {
        private int _etag;

        public Dictionary<(string PartitionKey, string RowKey), TableEntity> Entities { get; } = [];

        public int AddCalls { get; private set; }

        public int CreateCalls { get; private set; }

        public override Task<Response<TableItem>> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
        {
            CreateCalls++;
            return Task.FromResult(Response.FromValue(TableModelFactory.TableItem("webhookdeliveries"), new StubResponse(204)));
        }

        public override Task<Response> AddEntityAsync<T>(T entity, CancellationToken cancellationToken = default)
        {
            AddCalls++;
            if (Entities.ContainsKey((entity.PartitionKey, entity.RowKey)))
            {
                throw new RequestFailedException(409, "The specified entity already exists.", "EntityAlreadyExists", null);
            }

            Store(entity);
            return Task.FromResult<Response>(new StubResponse(204));
        }

        public override Task<Response<T>> GetEntityAsync<T>(string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
        {
            if (!Entities.TryGetValue((partitionKey, rowKey), out TableEntity? entity))
            {
                throw new RequestFailedException(404, "Not found.");
            }

            return Task.FromResult(Response.FromValue((T)(ITableEntity)new TableEntity(entity) { ETag = entity.ETag }, new StubResponse(200)));
        }

        public override Task<Response> UpdateEntityAsync<T>(T entity, ETag ifMatch, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
        {
            if (!Entities.TryGetValue((entity.PartitionKey, entity.RowKey), out TableEntity? existing) || existing.ETag != ifMatch)
            {
                throw new RequestFailedException(412, "Precondition failed.");
            }

            Store(entity);
            return Task.FromResult<Response>(new StubResponse(204));
        }

        public override Task<Response> DeleteEntityAsync(string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default)
        {
            Entities.Remove((partitionKey, rowKey));
            return Task.FromResult<Response>(new StubResponse(204));
        }

        private void Store(ITableEntity entity)
        {
            var copy = new TableEntity((TableEntity)entity) { ETag = new ETag($"W/\"{++_etag}\"") };
            Entities[(entity.PartitionKey, entity.RowKey)] = copy;
        }
    }

    private sealed class StubResponse(int status) : Response
    {
        public override int Status => status;

        public override string ReasonPhrase => string.Empty;

        public override Stream? ContentStream { get; set; }

        public override string ClientRequestId { get; set; } = string.Empty;

        public override void Dispose()
        {
        }

        protected override bool ContainsHeader(string name) => false;

        protected override IEnumerable<HttpHeader> EnumerateHeaders() => [];

        protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value)
        {
            value = null;
            return false;
        }

        protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
        {
            values = null;
            return false;
        }
    }
}
