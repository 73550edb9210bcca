using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PrivateLink.Engine;
using PrivateLink.Host.Tests.Reliability;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Host.Tests.EndToEnd;

/// <summary>
/// On the Azure Storage backend (Azurite): a query without inputs returns each instance's custom status (the status document) and
/// no input, and a query by runtime status returns only those instances, so lists by stage and the watcher read documents alone.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureStorageReadSideTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(3));
    private readonly AzuriteTaskHub _hub = new("reads");
    private IHost? _host;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync(CancellationToken.None);
            _host.Dispose();
        }

        await _hub.DisposeAsync();

        _timeout.Dispose();
    }

    [Fact]
    public async Task QueryWithoutInputs_ReturnsTheStatusDocumentAndNoInput_AndAStageListQueriesOnlyItsStatuses()
    {
        CancellationToken ct = _timeout.Token;
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(_hub.Settings());
        builder.Services.AddDurableEngine(ReadSideSeed.AddSeedOrchestrators);
        _host = builder.Build();
        await _host.StartAsync(ct);
        DurableTaskClient inner = _host.Services.GetRequiredService<DurableTaskClient>();
        await ReadSideSeed.SeedAsync(inner, finished: 3, waiting: 2, ct);

        List<OrchestrationMetadata> all = [];
        await foreach (OrchestrationMetadata instance in inner.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = "onboard-", FetchInputsAndOutputs = false }).WithCancellation(ct))
        {
            all.Add(instance);
        }

        var client = new CountingDurableTaskClient(inner);
        OnboardingPage waiting = await new TaskHubOnboardingQueries(client).ListAsync(OnboardingStage.AwaitingApproval, null, OnboardingService.MaxPageSize, ct);

        Assert.Equal(5, all.Count);
        Assert.All(all, m => Assert.NotNull(m.SerializedCustomStatus));
        Assert.All(all, m => Assert.Null(m.SerializedInput));
        Assert.All(all, m => Assert.Equal(m.InstanceId["onboard-".Length..], TaskHubOnboardingQueries.StatusOf(m)?.Request?.DestinationId));
        Assert.Single(client.Queries);
        Assert.Equal(2, waiting.Items.Count);
        Assert.Null(waiting.ContinuationToken);
        Assert.All(waiting.Items, v => Assert.Equal(OnboardingStage.AwaitingApproval, v.Stage));
        Assert.All(waiting.Items, v => Assert.Equal(v.DestinationId, v.Request?.DestinationId));
    }
}
