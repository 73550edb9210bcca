using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PrivateLink.Api.Inbound.Webhooks;
using PrivateLink.Functions.Http;
using PrivateLink.Functions.Tests.Support;
using PrivateLink.Onboarding.Service;
using PrivateLink.SupportMatrix;

namespace PrivateLink.Functions.Tests.Http;

/// <summary>Each webhook function over the real shared handlers, signature checks, replay store and <c>OnboardingService</c>, against the in-memory engine.</summary>
/// <remarks>Signatures are computed here from the documented formulas (docs/ticket-systems.md), independently of the code under test.</remarks>
public sealed class TicketWebhookFunctionsTests : IClassFixture<DurableEngineFixture>
{
    // Made-up keys for these tests only.
    private const string GenericKey = "whsec_dGVzdC1vbmx5LXN0YW5kYXJkLXdlYmhvb2sta2V5LTMyYg==";
    private const string ZendeskKey = "zendesk-test-only-key";
    private const string JiraKey = "jira-test-only-key";

    private const string TargetResourceId =
        "/subscriptions/6a8e3c1e-0d5e-4a8f-9a57-0f3a1b2c3d4e/resourceGroups/rg-customer/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg1";

    private readonly DurableEngineFixture engine;
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly TicketWebhookFunctions sut;

    public TicketWebhookFunctionsTests(DurableEngineFixture engine)
    {
        this.engine = engine;
        var jira = new JiraWebhookOptions { Secret = JiraKey };
        jira.Fields.DestinationType = "customfield_10050";
        jira.Fields.TargetResourceId = "customfield_10051";
        jira.Fields.HostName = "customfield_10052";
        sut = new TicketWebhookFunctions(
            new InMemoryWebhookReplayStore(clock),
            Options.Create(new GenericWebhookOptions { SigningSecret = GenericKey }),
            Options.Create(new ZendeskWebhookOptions { SigningSecret = ZendeskKey }),
            Options.Create(jira),
            clock,
            NullLoggerFactory.Instance);
    }

    [Fact]
    public async Task HandleGenericAsync_SignedStandardWebhook_Returns202WithLocation()
    {
        string id = NewId();
        string body = RequestBody(id);
        HttpRequest request = JsonRequest(body);
        SignStandard(request, "msg_" + id, clock.GetUtcNow().ToUnixTimeSeconds(), body);

        IResult result = await sut.HandleGenericAsync(request, engine.Client, Timeout());

        (int status, IHeaderDictionary headers, _) = await engine.ExecuteAsync(result);
        Assert.Equal(StatusCodes.Status202Accepted, status);
        Assert.Equal($"/api/onboardings/{id}", headers.Location.ToString());
    }

    [Fact]
    public async Task HandleGenericAsync_Unsigned_Returns401Problem()
    {
        string id = NewId();

        IResult result = await sut.HandleGenericAsync(JsonRequest(RequestBody(id)), engine.Client, Timeout());

        (int status, IHeaderDictionary headers, _) = await engine.ExecuteAsync(result);
        Assert.Equal(StatusCodes.Status401Unauthorized, status);
        Assert.StartsWith("application/problem+json", headers.ContentType.ToString(), StringComparison.Ordinal);
        Assert.Null(await engine.Client.GetInstanceAsync("onboard-" + id, Timeout()));
    }

    [Fact]
    public async Task HandleGenericAsync_SignatureOverADifferentBody_Returns401()
    {
        string id = NewId();
        HttpRequest request = JsonRequest(RequestBody(id));
        SignStandard(request, "msg_" + id, clock.GetUtcNow().ToUnixTimeSeconds(), RequestBody(NewId()));

        (int status, _, _) = await engine.ExecuteAsync(await sut.HandleGenericAsync(request, engine.Client, Timeout()));

        Assert.Equal(StatusCodes.Status401Unauthorized, status);
    }

    [Fact]
    public async Task HandleZendeskAsync_Unsigned_Returns401Problem()
    {
        (int status, IHeaderDictionary headers, _) = await engine.ExecuteAsync(
            await sut.HandleZendeskAsync(JsonRequest(ZendeskTriggerBody(NewTicketNumber())), engine.Client, Timeout()));

        Assert.Equal(StatusCodes.Status401Unauthorized, status);
        Assert.StartsWith("application/problem+json", headers.ContentType.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleZendeskAsync_SignedTrigger_Returns202()
    {
        string ticket = NewTicketNumber();
        string body = ZendeskTriggerBody(ticket);
        HttpRequest request = JsonRequest(body);
        string timestamp = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        request.Headers["X-Zendesk-Webhook-Signature-Timestamp"] = timestamp;
        request.Headers["X-Zendesk-Webhook-Signature"] = Convert.ToBase64String(
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(ZendeskKey), Encoding.UTF8.GetBytes(timestamp + body)));

        (int status, IHeaderDictionary headers, _) = await engine.ExecuteAsync(await sut.HandleZendeskAsync(request, engine.Client, Timeout()));

        Assert.Equal(StatusCodes.Status202Accepted, status);
        Assert.Equal($"/api/onboardings/zd-{ticket}", headers.Location.ToString());
    }

    [Fact]
    public async Task HandleJiraAsync_Unsigned_Returns401Problem()
    {
        HttpRequest request = JsonRequest(JiraIssueCreatedBody("SUP-" + NewTicketNumber()));
        request.Headers["X-Atlassian-Webhook-Identifier"] = Guid.NewGuid().ToString();

        (int status, IHeaderDictionary headers, _) = await engine.ExecuteAsync(await sut.HandleJiraAsync(request, engine.Client, Timeout()));

        Assert.Equal(StatusCodes.Status401Unauthorized, status);
        Assert.StartsWith("application/problem+json", headers.ContentType.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleJiraAsync_SignedIssueCreated_Returns202()
    {
        string number = NewTicketNumber();
        string body = JiraIssueCreatedBody("SUP-" + number);
        HttpRequest request = JsonRequest(body);
        request.Headers["X-Atlassian-Webhook-Identifier"] = Guid.NewGuid().ToString();
        request.Headers["X-Hub-Signature"] = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(JiraKey), Encoding.UTF8.GetBytes(body)));

        (int status, IHeaderDictionary headers, string text) = await engine.ExecuteAsync(await sut.HandleJiraAsync(request, engine.Client, Timeout()));

        Assert.True(status == StatusCodes.Status202Accepted, text);
        Assert.Equal($"/api/onboardings/jira-sup-{number}", headers.Location.ToString());
    }

    // Standard Webhooks: "v1," + base64(HMAC-SHA256(base64-decoded key after "whsec_", "{id}.{timestamp}.{body}")).
    private static void SignStandard(HttpRequest request, string webhookId, long timestamp, string signedBody)
    {
        byte[] key = Convert.FromBase64String(GenericKey["whsec_".Length..]);
        byte[] mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{webhookId}.{timestamp}.{signedBody}"));
        request.Headers["webhook-id"] = webhookId;
        request.Headers["webhook-timestamp"] = timestamp.ToString(CultureInfo.InvariantCulture);
        request.Headers["webhook-signature"] = "v1," + Convert.ToBase64String(mac);
    }

    private static string NewId() => "dst-" + Guid.NewGuid().ToString("N")[..12];

    private static string NewTicketNumber() => RandomNumberGenerator.GetInt32(100_000, 999_999_999).ToString(CultureInfo.InvariantCulture);

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private static string RequestBody(string destinationId) => JsonSerializer.Serialize(new
    {
        destinationId,
        destinationType = "AzurePostgreSql",
        targetResourceId = TargetResourceId,
        hostName = "pg1.postgres.database.azure.com",
        ticketId = "SUP-1234",
    });

    // What the documented Zendesk trigger template renders: every placeholder is text.
    private static string ZendeskTriggerBody(string ticketId) => $$"""
        {"destinationId":"zd-{{ticketId}}","ticketId":"{{ticketId}}","destinationType":"azure_postgre_sql","targetResourceId":"{{TargetResourceId}}","groupId":"","hostName":"pg1.postgres.database.azure.com","ports":"5432","requireTls":"true","approvalTimeout":""}
        """;

    private static string JiraIssueCreatedBody(string key) => $$"""
        {"timestamp":1748779200000,"webhookEvent":"jira:issue_created","issue":{"id":"10042","key":"{{key}}","fields":{"summary":"Private Link for pg1","customfield_10050":{ "value":"AzurePostgreSql","id":"10100" },"customfield_10051":"{{TargetResourceId}}","customfield_10052":"pg1.postgres.database.azure.com" } } }
        """;

    private static HttpRequest JsonRequest(string body)
    {
        HttpRequest request = new DefaultHttpContext().Request;
        request.Method = HttpMethods.Post;
        request.ContentType = "application/json";
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        request.Body = new MemoryStream(bytes);
        request.ContentLength = bytes.Length;
        return request;
    }
}
