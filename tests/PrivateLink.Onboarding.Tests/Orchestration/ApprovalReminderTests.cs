using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using PrivateLink.Arm;
using PrivateLink.Onboarding.Activities;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Notifications;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Tests.Support;
using PrivateLink.SupportMatrix;

namespace PrivateLink.Onboarding.Tests.Orchestration;

/// <summary>Reminders before the approval deadline: each configured offset sends one event (and so one ticket comment); none after the wait ends.</summary>
public sealed class ApprovalReminderTests : IAsyncLifetime
{
    private const string Sub = "00000000-0000-0000-0000-000000000001";
    private const string TargetId = $"/subscriptions/{Sub}/resourceGroups/rg-data/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg1";
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));
    private WorkflowHarness _harness = null!;

    public async Task InitializeAsync()
    {
        // Offsets of 4 s and 2 s before a 6 s deadline, and one not shorter than the timeout (skipped).
        _harness = await WorkflowHarness.StartAsync(s => s.Configure<ApprovalReminderOptions>(o => o.Offsets = "00:00:06;00:00:04;00:00:02"));
        _harness.Arm.AddTarget(TargetId, "Microsoft.DBforPostgreSQL/flexibleServers", ["postgresqlServer"]);
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task RunAsync_NobodyApproves_OneReminderPerOffsetThenTimesOutAndDeletes()
    {
        OnboardDestinationInput input = Input("dst-remind", TimeSpan.FromSeconds(6));

        await _harness.StartOnboardingAsync(input, _timeout.Token);
        OrchestrationMetadata done = await _harness.WaitForCompletionAsync(input, _timeout.Token);

        Assert.Equal(OnboardingStage.ApprovalTimedOut, done.ReadCustomStatusAs<OnboardingStatus>()!.Stage);
        DestinationEvent[] waiting = [.. _harness.Events.Events.Where(e => e.DestinationId == input.DestinationId && e.Stage == OnboardingStage.AwaitingApproval)];
        DestinationEvent[] reminders = [.. waiting.Where(e => e.Detail!.StartsWith("Reminder:", StringComparison.Ordinal))];
        Assert.Equal(3, waiting.Length); // the request itself and two reminders
        Assert.Equal(2, reminders.Length);
        Assert.Equal(reminders.Length, reminders.Select(e => e.EventId).Distinct().Count());
        Assert.Contains("(in 00:00:04)", reminders[0].Detail, StringComparison.Ordinal);
        Assert.Contains("(in 00:00:02)", reminders[1].Detail, StringComparison.Ordinal);
        Assert.Contains("az network private-endpoint-connection approve", reminders[0].Detail, StringComparison.Ordinal); // the steps again
        Assert.True(reminders[0].OccurredAtUtc < reminders[1].OccurredAtUtc);
        Assert.False(_harness.Arm.Exists(input.EndpointName));
    }

    [Fact]
    public async Task RunAsync_ApprovedBeforeTheFirstReminder_SendsNone()
    {
        OnboardDestinationInput input = Input("dst-no-remind", TimeSpan.FromSeconds(30));

        await _harness.StartOnboardingAsync(input, _timeout.Token);
        await _harness.WaitForStageAsync(input, OnboardingStage.AwaitingApproval, _timeout.Token);
        _harness.Arm.SetStatus(input.EndpointName, ConnectionStatus.Approved);
        await _harness.RaiseApprovalAsync(input, _timeout.Token);
        OrchestrationMetadata done = await _harness.WaitForCompletionAsync(input, _timeout.Token);

        Assert.Equal(OnboardingStage.Ready, done.ReadCustomStatusAs<OnboardingStatus>()!.Stage);
        Assert.DoesNotContain(_harness.Events.Events, e => e.DestinationId == input.DestinationId && e.Detail?.StartsWith("Reminder:", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task RunAsync_LakeApprovedOnBlobOnly_RemindersNameTheEndpointStillWaiting()
    {
        const string Lake = $"/subscriptions/{Sub}/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/lake1";
        _harness.Arm.AddTarget(Lake, "Microsoft.Storage/storageAccounts", ["blob", "dfs"]);
        OnboardDestinationInput input = Input("dst-lake-remind", TimeSpan.FromSeconds(10)) with
        {
            DestinationType = DestinationType.AzureDataLakeStorage, TargetResourceId = Lake, HostName = "lake1.dfs.core.windows.net", GroupId = "dfs", Ports = [new PortMapping(443, null)],
        };

        await _harness.StartOnboardingAsync(input, _timeout.Token);
        await _harness.WaitForStageAsync(input, OnboardingStage.AwaitingApproval, _timeout.Token);
        _harness.Arm.SetStatus(input.EndpointName + "-blob", ConnectionStatus.Approved);
        await _harness.RaiseApprovalAsync(input, _timeout.Token);
        OrchestrationMetadata done = await _harness.WaitForCompletionAsync(input, _timeout.Token);

        // Reminders 4, 6 and 8 s into the wait; the approval of blob was read long before the last one.
        Assert.Equal(OnboardingStage.ApprovalTimedOut, done.ReadCustomStatusAs<OnboardingStatus>()!.Stage);
        DestinationEvent last = _harness.Events.Events.Last(e => e.DestinationId == input.DestinationId && e.Detail?.StartsWith("Reminder:", StringComparison.Ordinal) == true);
        Assert.StartsWith("Reminder: the connection request of private endpoint pe-onboard-dst-lake-remind still waits for approval;", last.Detail, StringComparison.Ordinal);
        Assert.Equal(
            [("pe-onboard-dst-lake-remind", ConnectionStatus.Pending), ("pe-onboard-dst-lake-remind-blob", ConnectionStatus.Approved)],
            last.Endpoints!.Select(e => (e.Name, e.Endpoint!.ConnectionStatus)));
    }

    private static OnboardDestinationInput Input(string destinationId, TimeSpan approvalTimeout) => new(
        destinationId,
        DestinationType.AzurePostgreSql,
        TargetId,
        null,
        "pg1.postgres.database.azure.com",
        [new PortMapping(5432, null)],
        true,
        "SUP-1",
        approvalTimeout,
        null,
        Limits: WorkflowTestLimits.Fast);
}
