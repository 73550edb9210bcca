using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PrivateLink.Api.Outbound.Tickets;
using PrivateLink.ArmEmulator;
using PrivateLink.Connectivity;
using PrivateLink.Host;
using PrivateLink.Host.Tests.Reliability;
using PrivateLink.SupportMatrix;
using PrivateLink.TestIdentity;

namespace PrivateLink.Api.Tests.Tickets;

/// <summary>
/// Ticket comments end to end: the real runner (in-memory engine, in-process ARM emulator) started by a signed Zendesk or Jira webhook reaches Ready,
/// and the fake ticket system receives the approval instructions and the Ready comment exactly once each, although its first answer is 429/503.
/// Probes answer from a table (the TLS probe is tested against real servers elsewhere).
/// </summary>
public sealed class TicketCommentsEndToEndTests : IAsyncLifetime
{
    // Bounded: the first, refused comment is retried by RetryPolicies.Notify after its first retry interval (10 seconds).
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));
    private FakeTicketServer _zendesk = null!;
    private FakeTicketServer _jira = null!;
    private InProcessRunner _runner = null!;

    public async Task InitializeAsync()
    {
        _zendesk = await FakeTicketServer.StartZendeskAsync("35436");
        _jira = await FakeTicketServer.StartJiraAsync("SUP-1234");
        _runner = await InProcessRunner.StartAsync(
            new Dictionary<string, string?>
            {
                ["ArmEmulator:Enabled"] = "true",
                ["ArmEmulator:Targets:0"] = Payloads.TargetResourceId,

                // Ticket comments are under test, not ARM's timing: short creates, approvals shown at once.
                ["ArmEmulator:OperationDuration"] = "00:00:00.200",
                ["ArmEmulator:PrivateDnsZoneGroupOperationDuration"] = "00:00:00.200",
                ["ArmEmulator:ConflictWindowAfterCreate"] = "00:00:00",
                ["ArmEmulator:ConnectionStateLag"] = "00:00:00",
                ["ApprovalWatcher:Enabled"] = "false",
                ["Webhooks:Zendesk:SigningSecret"] = TestSignatures.ZendeskSecret,
                ["Webhooks:Jira:Secret"] = TestSignatures.JiraSecret,
                ["Webhooks:Jira:Fields:DestinationType"] = "customfield_10050",
                ["Webhooks:Jira:Fields:TargetResourceId"] = "customfield_10051",
                ["Webhooks:Jira:Fields:HostName"] = "customfield_10052",
                ["Webhooks:Jira:Fields:Ports"] = "customfield_10053",
                ["Tickets:Zendesk:BaseUrl"] = _zendesk.BaseUrl.ToString(),
                ["Tickets:Zendesk:Email"] = FakeTicketServer.Email,
                ["Tickets:Zendesk:ApiToken"] = FakeTicketServer.Token,
                ["Tickets:Jira:BaseUrl"] = _jira.BaseUrl.ToString(),
                ["Tickets:Jira:Email"] = FakeTicketServer.Email,
                ["Tickets:Jira:ApiToken"] = FakeTicketServer.Token,
            },
            _timeout.Token,
            services: services => services.AddSingleton<IConnectivityProbe>(new FakeProbe())); // before the runner's TryAdd of the real probe
    }

    public async Task DisposeAsync()
    {
        await _runner.DisposeAsync();
        await _zendesk.DisposeAsync();
        await _jira.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task ZendeskWebhook_OnboardingReachesReady_TicketGetsEachCommentOnceDespite429()
    {
        _zendesk.FailNext(429);

        using HttpResponseMessage started = await _runner.Http.SendAsync(TestSignatures.ZendeskRequest(Payloads.ZendeskTrigger("35436"), DateTimeOffset.UtcNow), _timeout.Token);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        ReceivedComment waiting = await _zendesk.WaitForCommentAsync(c => c.Text.Contains("waiting for your approval", StringComparison.Ordinal), _timeout.Token);
        await ApproveAsync("zd-35436");
        ReceivedComment ready = await _zendesk.WaitForCommentAsync(c => c.Text.Contains("is ready", StringComparison.Ordinal), _timeout.Token);

        Assert.Contains("pe-onboard-zd-35436", waiting.Text, StringComparison.Ordinal);
        Assert.Contains("Private Link Center → Pending connections", waiting.Text, StringComparison.Ordinal);
        Assert.Contains("TLS result: 5432: TLS Tls13 TLS_AES_256_GCM_SHA384", ready.Text, StringComparison.Ordinal);
        Assert.Equal([waiting, ready], _zendesk.Comments);
        Assert.Equal(3, _zendesk.Attempts);
        Assert.All(_zendesk.Comments, c => Assert.Equal(("35436", false), (c.TicketId, c.Public)));
        Assert.Equal(0, _jira.Attempts);
    }

    [Fact]
    public async Task JiraWebhook_OnboardingReachesReady_IssueGetsEachCommentOnceDespite503()
    {
        _jira.FailNext(503);

        using HttpResponseMessage started = await _runner.Http.SendAsync(TestSignatures.JiraRequest(Payloads.JiraIssueCreated("SUP-1234", timestamp: DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), Guid.NewGuid().ToString()), _timeout.Token);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        ReceivedComment waiting = await _jira.WaitForCommentAsync(c => c.Text.Contains("waiting for your approval", StringComparison.Ordinal), _timeout.Token);
        await ApproveAsync("jira-sup-1234");
        ReceivedComment ready = await _jira.WaitForCommentAsync(c => c.Text.Contains("is ready", StringComparison.Ordinal), _timeout.Token);

        Assert.Contains("pe-onboard-jira-sup-1234", waiting.Text, StringComparison.Ordinal);
        Assert.StartsWith("jira-sup-1234 is ready", ready.Text, StringComparison.Ordinal);
        Assert.Equal([waiting, ready], _jira.Comments);
        Assert.Equal(3, _jira.Attempts);
        Assert.Equal(0, _zendesk.Attempts);
    }

    private async Task ApproveAsync(string destinationId)
    {
        Assert.True(_runner.App.Services.GetRequiredService<ArmEmulatorServer>().ApproveConnection($"pe-onboard-{destinationId}", "approved"));
        using HttpResponseMessage approval = await _runner.Http.PostAsync($"/api/onboardings/{destinationId}/approval", null, _timeout.Token);
        Assert.Equal(HttpStatusCode.Accepted, approval.StatusCode);
    }
}
