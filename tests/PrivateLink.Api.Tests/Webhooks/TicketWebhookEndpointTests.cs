using System.Net;
using System.Text;
using System.Text.Json;
using PrivateLink.Onboarding.Model;
using PrivateLink.SupportMatrix;

namespace PrivateLink.Api.Tests.Webhooks;

public sealed class TicketWebhookEndpointTests : IAsyncLifetime
{
    private WebhookTestApp _app = null!;

    public async Task InitializeAsync() => _app = await WebhookTestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Generic_ValidDelivery_Returns202AndStartsOneOnboarding()
    {
        using HttpRequestMessage request = TestSignatures.StandardRequest(Payloads.Request(), "msg_1", _app.Time.GetUtcNow());

        using HttpResponseMessage response = await _app.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("/api/onboardings/dst-42", response.Headers.Location?.OriginalString);
        (string name, string instanceId, object? input) = Assert.Single(_app.Client.Scheduled);
        Assert.Equal("OnboardDestinationOrchestrator", name);
        Assert.Equal("onboard-dst-42", instanceId);
        Assert.Equal("SUP-1234", Assert.IsType<OnboardDestinationInput>(input).TicketId);

        // The webhook records its own actor: the ticket system, with the delivery id.
        Actor requestedBy = Assert.IsType<OnboardDestinationInput>(input).RequestedBy!;
        Assert.StartsWith("system:webhook:", requestedBy.ObjectId, StringComparison.Ordinal);
        Assert.Contains("msg_1", requestedBy.DisplayName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generic_ReplayedWebhookId_Returns401AndStartsNothingMore()
    {
        using HttpRequestMessage first = TestSignatures.StandardRequest(Payloads.Request(), "msg_1", _app.Time.GetUtcNow());
        using HttpRequestMessage replay = TestSignatures.StandardRequest(Payloads.Request("dst-43"), "msg_1", _app.Time.GetUtcNow());
        using HttpResponseMessage accepted = await _app.Http.SendAsync(first);

        using HttpResponseMessage response = await _app.Http.SendAsync(replay);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await AssertUnauthorizedAsync(response);
        Assert.Single(_app.Client.Scheduled);
    }

    [Fact]
    public async Task Generic_StaleTimestamp_Returns401WithoutDetail()
    {
        using HttpRequestMessage request = TestSignatures.StandardRequest(Payloads.Request(), "msg_1", _app.Time.GetUtcNow().AddMinutes(-6));

        using HttpResponseMessage response = await _app.Http.SendAsync(request);

        await AssertUnauthorizedAsync(response);
        Assert.Empty(_app.Client.Scheduled);
    }

    [Fact]
    public async Task Generic_ClockMovedPastTolerance_Returns401()
    {
        using HttpRequestMessage request = TestSignatures.StandardRequest(Payloads.Request(), "msg_1", _app.Time.GetUtcNow());
        _app.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        using HttpResponseMessage response = await _app.Http.SendAsync(request);

        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task Generic_TamperedBody_Returns401()
    {
        using HttpRequestMessage request = TestSignatures.StandardRequest(Payloads.Request(), "msg_1", _app.Time.GetUtcNow());
        request.Content = new StringContent(Payloads.Request("dst-evil"), Encoding.UTF8, "application/json");

        using HttpResponseMessage response = await _app.Http.SendAsync(request);

        await AssertUnauthorizedAsync(response);
        Assert.Empty(_app.Client.Scheduled);
    }

    [Fact]
    public async Task Generic_MissingHeaders_Returns401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/tickets") { Content = new StringContent(Payloads.Request(), Encoding.UTF8, "application/json") };

        using HttpResponseMessage response = await _app.Http.SendAsync(request);

        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task Generic_NoSecretConfigured_Returns401()
    {
        await using WebhookTestApp app = await WebhookTestApp.StartAsync(new Dictionary<string, string?> { ["Webhooks:Generic:SigningSecret"] = null });
        using HttpRequestMessage request = TestSignatures.StandardRequest(Payloads.Request(), "msg_1", app.Time.GetUtcNow());

        using HttpResponseMessage response = await app.Http.SendAsync(request);

        await AssertUnauthorizedAsync(response);
        Assert.Empty(app.Client.Scheduled);
    }

    [Fact]
    public async Task Generic_InvalidRequest_Returns400NamingTheField()
    {
        string body = Payloads.Request().Replace("\"hostName\":\"pg1.postgres.database.azure.com\",", string.Empty, StringComparison.Ordinal);
        using HttpRequestMessage request = TestSignatures.StandardRequest(body, "msg_1", _app.Time.GetUtcNow());

        using HttpResponseMessage response = await _app.Http.SendAsync(request);

        JsonElement problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("hostName", out _));
        Assert.Empty(_app.Client.Scheduled);
    }

    [Fact]
    public async Task Generic_UnknownField_Returns400NamingTheField()
    {
        string body = Payloads.Request().Replace("{", "{\"extra\":1,", StringComparison.Ordinal);
        using HttpRequestMessage request = TestSignatures.StandardRequest(body, "msg_1", _app.Time.GetUtcNow());

        using HttpResponseMessage response = await _app.Http.SendAsync(request);

        JsonElement problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("extra", out _));
    }

    [Fact]
    public async Task Generic_SameRequestTwiceWithNewIds_Returns200AndStartsOnce()
    {
        using HttpRequestMessage first = TestSignatures.StandardRequest(Payloads.Request(), "msg_1", _app.Time.GetUtcNow());
        using HttpRequestMessage second = TestSignatures.StandardRequest(Payloads.Request(), "msg_2", _app.Time.GetUtcNow());
        using HttpResponseMessage accepted = await _app.Http.SendAsync(first);

        using HttpResponseMessage response = await _app.Http.SendAsync(second);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_app.Client.Scheduled);
    }

    [Fact]
    public async Task Generic_EngineFailsThenSenderRetries_RetryIsProcessed()
    {
        _app.Client.ScheduleFailure = new TimeoutException("engine unavailable");
        using HttpRequestMessage first = TestSignatures.StandardRequest(Payloads.Request(), "msg_1", _app.Time.GetUtcNow());
        using HttpRequestMessage retry = TestSignatures.StandardRequest(Payloads.Request(), "msg_1", _app.Time.GetUtcNow());
        using HttpResponseMessage failed = await _app.Http.SendAsync(first);
        _app.Client.ScheduleFailure = null;

        using HttpResponseMessage response = await _app.Http.SendAsync(retry);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Single(_app.Client.Scheduled);
    }

    [Fact]
    public async Task Zendesk_TriggerTemplate_Returns202WithMappedRequest()
    {
        using HttpRequestMessage request = TestSignatures.ZendeskRequest(Payloads.ZendeskTrigger(ports: "5432, 6432"), _app.Time.GetUtcNow());

        using HttpResponseMessage response = await _app.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var input = Assert.IsType<OnboardDestinationInput>(Assert.Single(_app.Client.Scheduled).Input);
        Assert.Equal("zd-35436", input.DestinationId);
        Assert.Equal("35436", input.TicketId);
        Assert.Equal(DestinationType.AzurePostgreSql, input.DestinationType);
        Assert.Equal([5432, 6432], input.Ports.Select(p => p.Port));
        Assert.Null(input.GroupId);
    }

    [Fact]
    public async Task Zendesk_TriggerWithBadPorts_Returns400NamingPorts()
    {
        using HttpRequestMessage request = TestSignatures.ZendeskRequest(Payloads.ZendeskTrigger(ports: "postgres"), _app.Time.GetUtcNow());

        using HttpResponseMessage response = await _app.Http.SendAsync(request);

        JsonElement problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("ports", out _));
    }

    [Fact]
    public async Task Zendesk_TicketCreatedEvent_Returns202WithConfiguredFields()
    {
        using HttpRequestMessage request = TestSignatures.ZendeskRequest(Payloads.ZendeskEvent(), _app.Time.GetUtcNow());

        using HttpResponseMessage response = await _app.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var input = Assert.IsType<OnboardDestinationInput>(Assert.Single(_app.Client.Scheduled).Input);
        Assert.Equal("zd-35436", input.DestinationId);
        Assert.Equal("pg1.postgres.database.azure.com", input.HostName);
        Assert.Equal(Payloads.TargetResourceId, input.TargetResourceId);
    }

    [Fact]
    public async Task Zendesk_EventMissingHostName_Returns400NamingTheCustomField()
    {
        using HttpRequestMessage request = TestSignatures.ZendeskRequest(Payloads.ZendeskEvent(hostName: ""), _app.Time.GetUtcNow());

        using HttpResponseMessage response = await _app.Http.SendAsync(request);

        JsonElement problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        string message = problem.GetProperty("errors").GetProperty("hostName")[0].GetString()!;
        Assert.Contains("Zendesk custom field 360003", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Zendesk_OtherEventType_Returns200IgnoredAndStartsNothing()
    {
        using HttpRequestMessage request = TestSignatures.ZendeskRequest(Payloads.ZendeskEvent("zen:event-type:ticket.priority_changed"), _app.Time.GetUtcNow());

        using HttpResponseMessage response = await _app.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ignored", (await ReadJsonAsync(response)).GetProperty("status").GetString());
        Assert.Empty(_app.Client.Scheduled);
    }

    [Fact]
    public async Task Zendesk_ReplayedTimestampAndSignature_Returns401()
    {
        DateTimeOffset now = _app.Time.GetUtcNow();
        using HttpRequestMessage first = TestSignatures.ZendeskRequest(Payloads.ZendeskTrigger(), now);
        using HttpRequestMessage replay = TestSignatures.ZendeskRequest(Payloads.ZendeskTrigger(), now);
        using HttpResponseMessage accepted = await _app.Http.SendAsync(first);

        using HttpResponseMessage response = await _app.Http.SendAsync(replay);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await AssertUnauthorizedAsync(response);
        Assert.Single(_app.Client.Scheduled);
    }

    [Fact]
    public async Task Zendesk_WrongSecret_Returns401()
    {
        using HttpRequestMessage request = TestSignatures.ZendeskRequest(Payloads.ZendeskTrigger(), _app.Time.GetUtcNow(), secret: "guess");

        using HttpResponseMessage response = await _app.Http.SendAsync(request);

        await AssertUnauthorizedAsync(response);
        Assert.Empty(_app.Client.Scheduled);
    }

    [Fact]
    public async Task Zendesk_StaleTimestamp_Returns401()
    {
        using HttpRequestMessage request = TestSignatures.ZendeskRequest(Payloads.ZendeskTrigger(), _app.Time.GetUtcNow().AddMinutes(6));

        using HttpResponseMessage response = await _app.Http.SendAsync(request);

        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task Jira_IssueCreated_Returns202WithKeyAndCustomFields()
    {
        using HttpRequestMessage request = TestSignatures.JiraRequest(Payloads.JiraIssueCreated(), "delivery-1");

        using HttpResponseMessage response = await _app.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var input = Assert.IsType<OnboardDestinationInput>(Assert.Single(_app.Client.Scheduled).Input);
        Assert.Equal("jira-sup-1234", input.DestinationId);
        Assert.Equal("SUP-1234", input.TicketId);
        Assert.Equal(DestinationType.AzurePostgreSql, input.DestinationType);
        Assert.Equal(5432, Assert.Single(input.Ports).Port);
    }

    [Fact]
    public async Task Jira_Redelivery_Returns200DuplicateAndStartsNothingMore()
    {
        using HttpRequestMessage first = TestSignatures.JiraRequest(Payloads.JiraIssueCreated(), "delivery-1");
        using HttpRequestMessage redelivery = TestSignatures.JiraRequest(Payloads.JiraIssueCreated(), "delivery-1");
        using HttpResponseMessage accepted = await _app.Http.SendAsync(first);

        using HttpResponseMessage response = await _app.Http.SendAsync(redelivery);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("duplicate", (await ReadJsonAsync(response)).GetProperty("status").GetString());
        Assert.Single(_app.Client.Scheduled);
    }

    [Fact]
    public async Task Jira_TamperedBody_Returns401()
    {
        using HttpRequestMessage request = TestSignatures.JiraRequest(Payloads.JiraIssueCreated("SUP-9"), "delivery-1", signedBody: Payloads.JiraIssueCreated());

        using HttpResponseMessage response = await _app.Http.SendAsync(request);

        await AssertUnauthorizedAsync(response);
        Assert.Empty(_app.Client.Scheduled);
    }

    [Fact]
    public async Task Jira_MissingCustomField_Returns400NamingTheJiraField()
    {
        using HttpRequestMessage request = TestSignatures.JiraRequest(Payloads.JiraIssueCreated(hostField: "null"), "delivery-1");

        using HttpResponseMessage response = await _app.Http.SendAsync(request);

        JsonElement problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        string message = problem.GetProperty("errors").GetProperty("hostName")[0].GetString()!;
        Assert.Contains("customfield_10052", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jira_TransitionToConfiguredStatus_Returns202()
    {
        using HttpRequestMessage request = TestSignatures.JiraRequest(Payloads.JiraTransition("Ready for onboarding"), "delivery-2");

        using HttpResponseMessage response = await _app.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Single(_app.Client.Scheduled);
    }

    [Fact]
    public async Task Jira_TransitionToOtherStatus_Returns200Ignored()
    {
        using HttpRequestMessage request = TestSignatures.JiraRequest(Payloads.JiraTransition("In Progress"), "delivery-3");

        using HttpResponseMessage response = await _app.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ignored", (await ReadJsonAsync(response)).GetProperty("status").GetString());
        Assert.Empty(_app.Client.Scheduled);
    }

    [Fact]
    public async Task Jira_MissingIdentifier_Returns401()
    {
        using HttpRequestMessage request = TestSignatures.JiraRequest(Payloads.JiraIssueCreated(), "delivery-1");
        request.Headers.Remove("X-Atlassian-Webhook-Identifier");

        using HttpResponseMessage response = await _app.Http.SendAsync(request);

        await AssertUnauthorizedAsync(response);
    }

    private static async Task AssertUnauthorizedAsync(HttpResponseMessage response)
    {
        JsonElement problem = await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.False(problem.TryGetProperty("detail", out _));
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await ReadJsonAsync(response);
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
