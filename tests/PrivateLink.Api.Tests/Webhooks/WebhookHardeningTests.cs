using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Text.Json;
using PrivateLink.Api.Inbound.Webhooks;

namespace PrivateLink.Api.Tests.Webhooks;

/// <summary>Replay keys on signed content (Jira) and canonical bytes (Zendesk), a freshness window for Jira, two secrets during rotation, minimum secret length, rate limit.</summary>
public sealed class WebhookHardeningTests : IAsyncLifetime
{
    private const string NextJiraSecret = "jira-webhook-secret-rotated-in-for-tests";
    private const string NextZendeskSecret = "zendesk-signing-secret-rotated-in-for-tests";
    private const string NextGenericSecret = "whsec_bmV4dC1nZW5lcmljLXNlY3JldC0zMi1ieXRlcyE=";
    private WebhookTestApp _app = null!;

    public async Task InitializeAsync() => _app = await WebhookTestApp.StartAsync(new Dictionary<string, string?>
    {
        ["Webhooks:Jira:SecondarySecret"] = NextJiraSecret,
        ["Webhooks:Zendesk:SecondarySigningSecret"] = NextZendeskSecret,
        ["Webhooks:Generic:SecondarySigningSecret"] = NextGenericSecret,
    });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Jira_CapturedDeliveryReplayedUnderAFreshIdentifier_IsAcknowledgedAsDuplicateAndStartsNothing()
    {
        string body = Payloads.JiraIssueCreated("SUP-1234");
        using HttpResponseMessage first = await _app.Http.SendAsync(TestSignatures.JiraRequest(body, "delivery-1"));

        using HttpResponseMessage replay = await _app.Http.SendAsync(TestSignatures.JiraRequest(body, "a-fresh-identifier"));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal("duplicate", JsonDocument.Parse(await replay.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        Assert.Single(_app.Client.Scheduled);
    }

    [Theory]
    [InlineData(-61)]
    [InlineData(61)]
    public async Task Jira_PayloadTimestampOutsideTheWindow_Returns401(int minutes)
    {
        long timestamp = _app.Time.GetUtcNow().AddMinutes(minutes).ToUnixTimeMilliseconds();

        using HttpResponseMessage response = await _app.Http.SendAsync(
            TestSignatures.JiraRequest(Payloads.JiraIssueCreated("SUP-1234", timestamp: timestamp), "delivery-1"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_app.Client.Scheduled);
    }

    [Fact]
    public async Task Jira_ObjectWithoutTimestamp_Returns401()
    {
        using HttpResponseMessage response = await _app.Http.SendAsync(
            TestSignatures.JiraRequest(Payloads.JiraIssueCreated("SUP-1234").Replace("\"timestamp\"", "\"time\"", StringComparison.Ordinal), "delivery-1"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_app.Client.Scheduled);
    }

    [Fact]
    public async Task Jira_SignedWithTheSecondarySecret_IsAccepted_AnotherSecretIsNot()
    {
        using HttpResponseMessage rotated = await _app.Http.SendAsync(TestSignatures.JiraRequest(Payloads.JiraIssueCreated("SUP-1234"), "d-1", NextJiraSecret));
        using HttpResponseMessage forged = await _app.Http.SendAsync(
            TestSignatures.JiraRequest(Payloads.JiraIssueCreated("SUP-1235"), "d-2", "some-other-secret-of-enough-length-here"));

        Assert.Equal(HttpStatusCode.Accepted, rotated.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Fact]
    public async Task Zendesk_SameSignatureWithWhitespace_IsTheSameDeliveryAndRefused()
    {
        string body = Payloads.ZendeskTrigger("35436");
        using HttpRequestMessage first = TestSignatures.ZendeskRequest(body, _app.Time.GetUtcNow());
        using HttpRequestMessage variant = TestSignatures.ZendeskRequest(body, _app.Time.GetUtcNow());
        string signature = variant.Headers.GetValues("X-Zendesk-Webhook-Signature").Single();
        variant.Headers.Remove("X-Zendesk-Webhook-Signature");
        variant.Headers.TryAddWithoutValidation("X-Zendesk-Webhook-Signature", signature[..10] + " " + signature[10..]);

        using HttpResponseMessage accepted = await _app.Http.SendAsync(first);
        using HttpResponseMessage replay = await _app.Http.SendAsync(variant);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Single(_app.Client.Scheduled);
    }

    [Fact]
    public async Task Zendesk_And_Generic_SignedWithTheSecondarySecret_AreAccepted()
    {
        using HttpResponseMessage zendesk = await _app.Http.SendAsync(TestSignatures.ZendeskRequest(Payloads.ZendeskTrigger("35436"), _app.Time.GetUtcNow(), NextZendeskSecret));
        using HttpResponseMessage generic = await _app.Http.SendAsync(TestSignatures.StandardRequest(Payloads.Request(), "msg_1", _app.Time.GetUtcNow(), NextGenericSecret));

        Assert.Equal(HttpStatusCode.Accepted, zendesk.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, generic.StatusCode);
    }

    [Fact]
    public async Task RateLimit_PastTheLimit_Returns429ProblemWithRetryAfterBeforeTheBodyIsHandled()
    {
        await using WebhookTestApp app = await WebhookTestApp.StartAsync(new Dictionary<string, string?> { ["Webhooks:RateLimit:PermitsPerMinute"] = "2" });
        for (int i = 0; i < 2; i++)
        {
            using HttpResponseMessage allowed = await app.Http.SendAsync(TestSignatures.JiraRequest("{\"forged\":true}", $"d-{i}", "a-wrong-secret"));
            Assert.Equal(HttpStatusCode.Unauthorized, allowed.StatusCode);
        }

        using HttpResponseMessage limited = await app.Http.SendAsync(TestSignatures.JiraRequest(Payloads.JiraIssueCreated("SUP-1234"), "d-3"));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, limited.Headers.RetryAfter?.ToString());
        Assert.Empty(app.Client.Scheduled);

        // Per route: the Zendesk route has its own budget.
        using HttpResponseMessage other = await app.Http.SendAsync(TestSignatures.ZendeskRequest(Payloads.ZendeskTrigger("35436"), app.Time.GetUtcNow()));
        Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
    }

    [Theory]
    [InlineData("short", false)]
    [InlineData("exactly-thirty-one-characters-x", false)]
    [InlineData("a-shared-secret-of-thirty-two-ch", true)]
    public void Options_SharedSecrets_NeedThirtyTwoCharacters(string secret, bool valid)
    {
        var jira = new JiraWebhookOptions { SecondarySecret = secret };
        var zendesk = new ZendeskWebhookOptions { SigningSecret = secret };

        Assert.Equal(valid, !Validate(jira).Any());
        Assert.Equal(valid, !Validate(zendesk).Any());
    }

    [Theory]
    [InlineData("whsec_c2hvcnQ=", false)]
    [InlineData(WebhookTestApp.GenericSecret, true)]
    public void Options_StandardWebhooksSecret_NeedsTwentyFourBytes(string secret, bool valid)
    {
        Assert.Equal(valid, !Validate(new GenericWebhookOptions { SecondarySigningSecret = secret }).Any());
    }

    private static List<ValidationResult> Validate(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
