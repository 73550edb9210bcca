using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PrivateLink.Api.Inbound.Webhooks;
using PrivateLink.Api.Outbound.Tickets;
using PrivateLink.Api.Tests.Webhooks;
using PrivateLink.SupportMatrix;

namespace PrivateLink.Api.Tests.Tickets;

/// <summary>A ticket webhook that maps to an invalid request answers 400 and also tells the ticket which field is wrong.</summary>
public sealed class MappingErrorCommentTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private readonly RecordingDurableTaskClient _durable = new();
    private FakeTicketServer _zendesk = null!;
    private FakeTicketServer _jira = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _zendesk = await FakeTicketServer.StartZendeskAsync("35436");
        _jira = await FakeTicketServer.StartJiraAsync("SUP-1234");
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Webhooks:Zendesk:SigningSecret"] = WebhookTestApp.ZendeskSecret,
            ["Webhooks:Jira:Secret"] = WebhookTestApp.JiraSecret,
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
        });
        builder.Services.AddSingleton<DurableTaskClient>(_durable);
        builder.Services.AddOnboardingApi();
        builder.Services.AddOnboardingServiceOverRegisteredClient();
        builder.Services.AddTicketWebhooks();
        builder.Services.AddTicketComments();
        _app = builder.Build();
        _app.MapTicketWebhooks();
        await _app.StartAsync(_timeout.Token);
        _http = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        await _zendesk.DisposeAsync();
        await _jira.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task HandleJiraAsync_HostNameFieldEmpty_Answers400AndCommentsTheJiraField()
    {
        using HttpResponseMessage response = await _http.SendAsync(
            TestSignatures.JiraRequest(Payloads.JiraIssueCreated("SUP-1234", hostField: "null", timestamp: DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), "delivery-1"), _timeout.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using JsonDocument problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(_timeout.Token));
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("hostName", out _));
        ReceivedComment comment = Assert.Single(_jira.Comments);
        Assert.Equal("SUP-1234", comment.TicketId);
        Assert.Contains("- hostName:", comment.Text, StringComparison.Ordinal);
        Assert.Contains("customfield_10052", comment.Text, StringComparison.Ordinal);
        Assert.Empty(_durable.Scheduled);
    }

    [Fact]
    public async Task HandleZendeskAsync_TriggerWithBadPorts_Answers400AndCommentsTheField()
    {
        using HttpResponseMessage response = await _http.SendAsync(
            TestSignatures.ZendeskRequest(Payloads.ZendeskTrigger("35436", ports: "not-a-port"), DateTimeOffset.UtcNow), _timeout.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        ReceivedComment comment = Assert.Single(_zendesk.Comments);
        Assert.Equal("35436", comment.TicketId);
        Assert.Contains("- ports", comment.Text, StringComparison.Ordinal);
        Assert.Contains("could not start a Private Link onboarding", comment.Text, StringComparison.Ordinal);
        Assert.False(comment.Public);
    }

    [Fact]
    public async Task HandleZendeskAsync_TicketSystemDown_StillAnswers400()
    {
        _zendesk.FailNext(503);

        using HttpResponseMessage response = await _http.SendAsync(
            TestSignatures.ZendeskRequest(Payloads.ZendeskTrigger("35436", ports: "not-a-port"), DateTimeOffset.UtcNow), _timeout.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, _zendesk.Attempts);
        Assert.Empty(_zendesk.Comments);
    }

    [Fact]
    public async Task HandleJiraAsync_ValidIssue_PostsNoComment()
    {
        using HttpResponseMessage response = await _http.SendAsync(TestSignatures.JiraRequest(Payloads.JiraIssueCreated("SUP-1234", timestamp: DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), "delivery-2"), _timeout.Token);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(0, _jira.Attempts);
    }
}
