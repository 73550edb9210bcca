using Azure.Data.Tables;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PrivateLink.Api.Jobs;
using PrivateLink.Engine;
using PrivateLink.Host.Tests.Reliability;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;
using PrivateLink.SupportMatrix;
using PrivateLink.TestKit;

namespace PrivateLink.Host.Tests.Retention;

/// <summary>History retention on the Azure Storage backend (Azurite): a new run on a destination's instance id, and a purge, read in the task hub's own tables.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzuriteRetentionTests
{
    private const string Target = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-data/providers/Microsoft.DBforPostgreSQL/flexibleServers/missing";

    [Fact]
    public async Task NewRunOnTheSameInstanceId_ReplacesTheEarlierRunsHistory_AndThePurgeRemovesEveryRowWhileTheRecordStays()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var hub = new AzuriteTaskHub("ret");
        string connection = hub.ConnectionString;
        await using WorkflowHarness harness = await WorkflowHarness.StartAsync(services => services.Configure<DurableEngineOptions>(o =>
        {
            o.StorageConnectionString = connection;
            o.TaskHubName = hub.Name;
            o.PartitionCount = 1;
            o.MaxQueuePollingInterval = TimeSpan.FromMilliseconds(200);
        }));
        var history = new TableClient(connection, hub.Name + "History");
        var instances = new TableClient(connection, hub.Name + "Instances");
        OnboardDestinationInput input = Input("ret-azurite");

        // Two runs on one instance id, as a resubmission after a failure starts them (the target does not exist: ValidationFailed).
        await harness.StartOnboardingAsync(input, timeout.Token);
        OrchestrationMetadata first = await harness.WaitForCompletionAsync(input, timeout.Token);
        HashSet<string> firstExecutions = await ExecutionIdsAsync(history, input.InstanceId, timeout.Token);
        await harness.StartOnboardingAsync(input, timeout.Token);
        OrchestrationMetadata second = await WaitForNewRunAsync(harness.Client, input.InstanceId, first.CreatedAt, timeout.Token);
        HashSet<string> secondExecutions = await ExecutionIdsAsync(history, input.InstanceId, timeout.Token);

        // A purge past the age, with the record in its own table of the same account.
        string recordTable = "ret" + Guid.NewGuid().ToString("N")[..12];
        var records = new TableDestinationRecordStore(new TableClient(connection, recordTable));
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        clock.Advance(TimeSpan.FromDays(91));
        var sut = new HistoryRetention(harness.Client, records, Options.Create(new RetentionOptions()), clock, NullLogger<HistoryRetention>.Instance);
        RetentionPass pass = await sut.RunOnceAsync(timeout.Token);
        int historyRows = await CountAsync(history, input.InstanceId, timeout.Token);
        int instanceRows = await CountAsync(instances, input.InstanceId, timeout.Token);
        OnboardingView? record = await records.GetAsync(input.DestinationId, timeout.Token);
        TableEntity stored = (await new TableClient(connection, recordTable).GetEntityAsync<TableEntity>(TableDestinationRecordStore.Partition, input.DestinationId, cancellationToken: timeout.Token)).Value;
        OnboardingPage listed = await records.ListAsync(OnboardingStage.ValidationFailed, null, 10, timeout.Token);

        Assert.Single(firstExecutions);
        Assert.Single(secondExecutions); // the earlier run's history rows are gone: the instance holds only its latest run
        Assert.NotEqual(firstExecutions, secondExecutions);
        Assert.Equal(OnboardingStage.ValidationFailed, TaskHubOnboardingQueries.StageOf(second));
        Assert.Equal(new RetentionPass(1, 0, 1, 0), pass);
        Assert.Null(await harness.Client.GetInstanceAsync(input.InstanceId, timeout.Token));
        Assert.Equal(0, historyRows);
        Assert.Equal(0, instanceRows);
        Assert.NotNull(record);
        Assert.Equal(OnboardingStage.ValidationFailed, record.Stage);
        Assert.Equal(second.CreatedAt.UtcDateTime, record.CreatedAtUtc);
        Assert.Equal(Target, record.Request!.TargetResourceId);
        Assert.Equal("ValidationFailed", stored.GetString("Stage"));
        Assert.Equal(input.DestinationId, Assert.Single(listed.Items).DestinationId);
    }

    private static OnboardDestinationInput Input(string destinationId) => new(
        destinationId, DestinationType.AzurePostgreSql, Target, null, "missing.postgres.database.azure.com",
        [new PortMapping(5432, null)], true, null, TimeSpan.FromHours(1), null);

    private static async Task<OrchestrationMetadata> WaitForNewRunAsync(DurableTaskClient client, string instanceId, DateTimeOffset previousCreatedAt, CancellationToken cancellationToken)
    {
        while (true)
        {
            OrchestrationMetadata? metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
            if (metadata is { IsCompleted: true } && metadata.CreatedAt > previousCreatedAt)
            {
                return metadata;
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private static async Task<HashSet<string>> ExecutionIdsAsync(TableClient table, string instanceId, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await foreach (TableEntity row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {instanceId}"), cancellationToken: cancellationToken))
        {
            if (row.GetString("ExecutionId") is { } id)
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    private static async Task<int> CountAsync(TableClient table, string instanceId, CancellationToken cancellationToken)
    {
        int count = 0;
        await foreach (TableEntity row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {instanceId}"), cancellationToken: cancellationToken))
        {
            count++;
        }

        return count;
    }
}
