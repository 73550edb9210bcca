using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PrivateLink.Api;
using PrivateLink.Api.Inbound.ServiceBus;
using PrivateLink.Onboarding;
using PrivateLink.Onboarding.Notifications;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;
using PrivateLink.SupportMatrix;

namespace PrivateLink.Host.Tests.Reliability;

/// <summary>
/// A corpus of malformed and hostile requests against the running runner (HTTP API, ticket webhooks, Service Bus intake)
/// while one onboarding waits for approval. Each answer is a problem+json 400/401/404/409/413/415 (or a dead-letter reason), nothing
/// answers 5xx, and the waiting onboarding is undisturbed: forged approvals do not make it Ready, only ARM's approval does.
/// </summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private const string GenericSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string ZendeskSecret = "zendesk-signing-secret-for-reliability";
    private const string JiraSecret = "jira-webhook-secret-for-reliability";
    private const string Victim = "victim-running";
    private static readonly int[] ProblemStatuses = [400, 401, 404, 409, 413, 415];
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(90));
    private OnboardingWorld _world = null!;
    private InProcessRunner _runner = null!;

    public async Task InitializeAsync()
    {
        _world = await OnboardingWorld.StartAsync(_timeout.Token);
        Dictionary<string, string?> settings = _world.ArmSettings();
        settings["Webhooks:Generic:SigningSecret"] = GenericSecret;
        settings["Webhooks:Zendesk:SigningSecret"] = ZendeskSecret;
        settings["Webhooks:Zendesk:Fields:DestinationType"] = "360001";
        settings["Webhooks:Zendesk:Fields:TargetResourceId"] = "360002";
        settings["Webhooks:Zendesk:Fields:HostName"] = "360003";
        settings["Webhooks:Zendesk:Fields:Ports"] = "360004";
        settings["Webhooks:Jira:Secret"] = JiraSecret;
        settings["Webhooks:Jira:StartOnStatus"] = "Ready for onboarding";
        settings["Webhooks:Jira:Fields:DestinationType"] = "customfield_10050";
        settings["Webhooks:Jira:Fields:TargetResourceId"] = "customfield_10051";
        settings["Webhooks:Jira:Fields:HostName"] = "customfield_10052";
        settings["Webhooks:Jira:Fields:Ports"] = "customfield_10053";
        _runner = await InProcessRunner.StartAsync(settings, _timeout.Token);
    }

    public async Task DisposeAsync()
    {
        await _runner.DisposeAsync();
        await _world.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task Api_HostileCorpusWhileOneOnboardingWaits_OnlyProblemAnswersAndTheWaitingOnboardingEndsReadyByArm()
    {
        CancellationToken ct = _timeout.Token;
        HttpClient http = _runner.Http;
        await _world.SubmitAllAsync(http, [Victim], ct);
        await OnboardingWorld.WaitUntilAsync(http, v => OnboardingWorld.CountIn(v, [Victim], OnboardingStage.AwaitingApproval) == 1, "the victim waits for approval", ct);
        string endpoint = OnboardingWorld.EndpointName(Victim);
        int armReadsBefore = ArmReadsOf(endpoint);
        List<HttpCase> httpCases = [.. SubmitCorpus(), .. RouteCorpus(), .. WebhookCorpus()];
        List<BusCase> busCases = [.. BusCorpus()];

        var failures = new List<string>();
        foreach (HttpCase c in httpCases)
        {
            using HttpRequestMessage request = c.Build();
            using HttpResponseMessage response = await http.SendAsync(request, ct);
            string body = await response.Content.ReadAsStringAsync(ct);
            string? mediaType = response.Content.Headers.ContentType?.MediaType;
            if (!ProblemStatuses.Contains((int)response.StatusCode) || mediaType != "application/problem+json"
                || (c.Expected is { } expected && (int)response.StatusCode != expected))
            {
                failures.Add($"{c.Name}: {(int)response.StatusCode} {mediaType} {Truncate(body)}");
            }
        }

        var handler = new ServiceBusIntakeHandler(
            _runner.App.Services.GetRequiredService<OnboardingService>(),
            NullLogger<ServiceBusIntakeHandler>.Instance,
            _runner.App.Services.GetRequiredService<IOptionsMonitor<CallbackOptions>>());
        foreach (BusCase c in busCases)
        {
            var settlement = new RecordingSettlement();
            IntakeOutcome outcome = await handler.HandleAsync(c.Message, settlement, ct);
            if (outcome != IntakeOutcome.DeadLettered || settlement.Reason != c.ExpectedReason || string.IsNullOrEmpty(settlement.Description))
            {
                failures.Add($"bus {c.Name}: {outcome} {settlement.Reason} {settlement.Description}");
            }
        }

        // Forged approvals for the waiting destination: accepted for checking, then disbelieved because ARM still says Pending.
        const int Forged = 3;
        for (int i = 0; i < Forged; i++)
        {
            using HttpResponseMessage forged = await http.PostAsync($"/api/onboardings/{Victim}/approval", null, ct);
            Assert.Equal(HttpStatusCode.Accepted, forged.StatusCode);
        }

        while (ArmReadsOf(endpoint) < armReadsBefore + Forged)
        {
            await Task.Delay(50, ct); // each forged event costs one ARM read of the endpoint: wait until all were checked
        }

        OnboardingView afterCorpus = (await http.GetFromJsonAsync<OnboardingView>($"/api/onboardings/{Victim}", OnboardingJson.Options, ct))!;
        bool aliveAfterCorpus = (await http.GetAsync("/healthz", ct)).IsSuccessStatusCode;
        _world.Emulator.ApproveConnection(endpoint, "approved by the customer");
        using (HttpResponseMessage real = await http.PostAsync($"/api/onboardings/{Victim}/approval", null, ct))
        {
            Assert.Equal(HttpStatusCode.Accepted, real.StatusCode);
        }

        Dictionary<string, OnboardingView> end = await OnboardingWorld.WaitUntilAsync(
            http, v => v.TryGetValue(Victim, out OnboardingView? view) && view.Stage.IsTerminal(), "the victim ends", ct);

        Assert.True(httpCases.Count + busCases.Count >= 100, $"corpus has only {httpCases.Count + busCases.Count} cases");
        Assert.Empty(failures);
        Assert.True(aliveAfterCorpus);
        Assert.Equal(OnboardingStage.AwaitingApproval, afterCorpus.Stage);
        Assert.Equal(OnboardingStage.Ready, end[Victim].Stage);
        Assert.Equal(1, _world.Emulator.CreatedCount(endpoint));
        Assert.Equal(1, _world.Emulator.PrivateEndpointCount);
        Assert.DoesNotContain(_world.Callbacks.Deliveries, d => d.DestinationId != Victim);
    }

    private int ArmReadsOf(string endpoint) => _world.Emulator.CountRequests("GET", $"/privateEndpoints/{endpoint}$");

    private static string Truncate(string s) => s.Length <= 300 ? s : s[..300];

    private IEnumerable<HttpCase> SubmitCorpus()
    {
        // Wrong types, field by field.
        (string Field, JsonNode? Value)[] wrongTypes =
        [
            ("destinationId", 123), ("destinationId", true), ("destinationId", new JsonArray()), ("destinationId", new JsonObject()),
            ("destinationType", 5), ("targetResourceId", 1.5), ("groupId", new JsonArray("blob")), ("hostName", 42),
            ("ports", "443"), ("ports", new JsonObject()), ("ports", new JsonArray("443")), ("ports", new JsonArray(new JsonObject { ["port"] = "443" })),
            ("ports", new JsonArray(new JsonObject { ["port"] = 1.5 })), ("ports", new JsonArray(new JsonObject { ["port"] = 2147483648L })),
            ("requireTls", "yes"), ("requireTls", 1), ("approvalTimeout", 3600), ("callbackUrl", false), ("ticketId", 7), ("trustedCaCertificatesPem", new JsonArray()),
        ];
        foreach ((string field, JsonNode? value) in wrongTypes)
        {
            yield return Submit($"type {field}={value?.ToJsonString()}", r => r[field] = value, 400);
        }

        foreach (string field in new[] { "destinationId", "destinationType", "targetResourceId", "hostName" })
        {
            yield return Submit($"missing {field}", r => r.Remove(field), 400);
            yield return Submit($"null {field}", r => r[field] = null, 400);
        }

        string sub = OnboardingWorld.Sub;
        (string Field, string Value)[] badValues =
        [
            ("destinationId", "UPPER-case"), ("destinationId", "ab"), ("destinationId", new string('a', 64)), ("destinationId", "../../etc/passwd"),
            ("destinationId", "a/b"), ("destinationId", "a%2Fb"), ("destinationId", "a\\b"), ("destinationId", "a b"), ("destinationId", "ä-ö-ü"), ("destinationId", "a\u0000b"),
            ("destinationId", Victim + "?x=1"), ("destinationType", "Oracle"), ("destinationType", "0"), ("destinationType", "AzureSql,AzureDataLakeStorage"),
            ("targetResourceId", "not-an-id"), ("targetResourceId", "/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/x"),
            ("targetResourceId", $"/subscriptions/{sub}/providers/Microsoft.Storage/storageAccounts/x"),
            ("targetResourceId", $"/subscriptions/{sub}/resourceGroups/rg/providers/Microsoft.Sql/servers/sql1"),
            ("targetResourceId", $"/subscriptions/{sub}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/x/blobServices/default"),
            ("targetResourceId", "https://management.azure.com/subscriptions/x"), ("targetResourceId", new string('/', 5000)),
            ("groupId", "sqlServer"), ("groupId", "blob; DROP TABLE x"), ("groupId", "*"), ("groupId", ""),
            ("hostName", "bad host"), ("hostName", new string('a', 300)), ("hostName", "http://example.com"), ("hostName", "a..b"),
            ("approvalTimeout", "PT1M"), ("approvalTimeout", "P31D"), ("approvalTimeout", "forever"), ("approvalTimeout", "P99999999999D"), ("approvalTimeout", "-PT2H"),
            ("callbackUrl", "http://example.com/hook"), ("callbackUrl", "ftp://127.0.0.1/x"), ("callbackUrl", "https://user:pw@example.com/x"), ("callbackUrl", "not a url"),
            ("callbackUrl", "file:///etc/passwd"), ("trustedCaCertificatesPem", "garbage"), ("trustedCaCertificatesPem", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"),
            ("pinnedCertificateSha256", "xyz"), ("pinnedCertificateSha256", new string('A', 63)), ("ticketId", new string('t', 65)), ("ticketId", "bad ticket!"), ("ticketId", "<script>"),
        ];
        foreach ((string field, string value) in badValues)
        {
            yield return Submit($"value {field}={Truncate(value)}", r => r[field] = value, 400);
        }

        JsonArray Ports(params JsonNode?[] items) => new(items);
        (string Name, JsonArray Ports)[] badPorts =
        [
            ("port 0", Ports(new JsonObject { ["port"] = 0 })), ("port 65536", Ports(new JsonObject { ["port"] = 65536 })),
            ("port -1", Ports(new JsonObject { ["port"] = -1 })), ("port null", Ports(new JsonObject { ["port"] = null })),
            ("entry null", Ports((JsonNode?)null)), ("entry empty", Ports(new JsonObject())),
            ("duplicate", Ports(new JsonObject { ["port"] = 443 }, new JsonObject { ["port"] = 443 })),
            ("destinationIp on PaaS", Ports(new JsonObject { ["port"] = 443, ["destinationIp"] = "10.0.0.5" })),
            ("unknown port field", Ports(new JsonObject { ["port"] = 443, ["protocol"] = "tcp" })),
            ("17 ports", new JsonArray(Enumerable.Range(1, 17).Select(p => (JsonNode?)new JsonObject { ["port"] = p }).ToArray())),
        ];
        foreach ((string name, JsonArray ports) in badPorts)
        {
            yield return Submit($"ports {name}", r => r["ports"] = ports, 400);
        }

        yield return Submit("unknown field", r => r["evil"] = 1, 400);
        yield return Submit("__proto__", r => r["__proto__"] = new JsonObject { ["admin"] = true }, 400);
        yield return Submit("different request for the running destination", r => { r["destinationId"] = Victim; r["hostName"] = "other.example.com"; }, 409);

        foreach ((string name, string body) in new[]
        {
            ("empty", string.Empty), ("null", "null"), ("array", "[]"), ("number", "42"), ("string", "\"x\""), ("truncated", "{"),
            ("missing value", "{\"destinationId\":}"), ("trailing comma", "{\"destinationId\":\"abc\",}"), ("comment", "{/* c */\"destinationId\":\"abc\"}"),
            ("single quotes", "{'destinationId':'abc'}"), ("trailing garbage", "{\"destinationId\":\"abc\"} xyz"), ("NaN", "{\"ports\":[{\"port\":NaN}]}"),
            ("deep array", "{\"ports\":" + new string('[', 200) + new string(']', 200) + "}"),
            ("deep object", string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200)),
        })
        {
            yield return Raw($"json {name}", HttpMethod.Post, "/api/onboardings", Encoding.UTF8.GetBytes(body), "application/json", 400);
        }

        yield return Raw("invalid UTF-8", HttpMethod.Post, "/api/onboardings", [0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d], "application/json", 400);
        byte[] valid = Encoding.UTF8.GetBytes(_world.Request("media-type").ToJsonString());
        foreach (string? contentType in new[] { "text/plain", "application/xml", "multipart/form-data; boundary=x", "application/json; charset=utf-16", "application/x-www-form-urlencoded", null })
        {
            yield return Raw($"content-type {contentType ?? "none"}", HttpMethod.Post, "/api/onboardings", valid, contentType, 415);
        }

        JsonObject big = _world.Request("oversize");
        big["ticketId"] = new string('x', 70 * 1024);
        yield return Raw("oversize with length", HttpMethod.Post, "/api/onboardings", Encoding.UTF8.GetBytes(big.ToJsonString()), "application/json", 413);
        yield return new HttpCase("oversize chunked", () =>
        {
            var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big.ToJsonString())));
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/onboardings") { Content = content };
            request.Headers.TransferEncodingChunked = true;
            return request;
        }, 413);
    }

    private static IEnumerable<HttpCase> RouteCorpus()
    {
        foreach (string verb in new[] { "approval", "cancel", "recheck" })
        {
            yield return Raw($"{verb} unknown", HttpMethod.Post, $"/api/onboardings/nobody-here/{verb}", null, null, 404);
            yield return Raw($"{verb} upper", HttpMethod.Post, $"/api/onboardings/NOT-VALID/{verb}", null, null, 400);
            yield return Raw($"{verb} encoded slash", HttpMethod.Post, $"/api/onboardings/..%2F..%2Fadmin/{verb}", null, null, null);
            yield return Raw($"{verb} dot", HttpMethod.Post, $"/api/onboardings/a.b/{verb}", null, null, 400);
            yield return Raw($"{verb} long", HttpMethod.Post, $"/api/onboardings/{new string('a', 64)}/{verb}", null, null, 400);
        }

        yield return Raw("recheck running", HttpMethod.Post, $"/api/onboardings/{Victim}/recheck", null, null, 409);
        yield return Raw("offboard running", HttpMethod.Delete, $"/api/onboardings/{Victim}", null, null, 409);
        yield return Raw("offboard unknown", HttpMethod.Delete, "/api/onboardings/nobody-here", null, null, 404);
        yield return Raw("offboard bad id", HttpMethod.Delete, "/api/onboardings/A%20B", null, null, 400);
        yield return Raw("get unknown", HttpMethod.Get, "/api/onboardings/nobody-here", null, null, 404);
        yield return Raw("get bad id", HttpMethod.Get, "/api/onboardings/%3Cscript%3E", null, null, 400);
        yield return Raw("get encoded traversal", HttpMethod.Get, "/api/onboardings/..%2F..%2Fetc%2Fpasswd", null, null, null);
        yield return Raw("list bad stage", HttpMethod.Get, "/api/onboardings?stage=Bogus", null, null, 400);
        yield return Raw("list page 0", HttpMethod.Get, "/api/onboardings?pageSize=0", null, null, 400);
        yield return Raw("list page 101", HttpMethod.Get, "/api/onboardings?pageSize=101", null, null, 400);
        yield return Raw("list page abc", HttpMethod.Get, "/api/onboardings?pageSize=abc", null, null, 400);
        yield return Raw("list long token", HttpMethod.Get, "/api/onboardings?continuationToken=" + new string('x', 5000), null, null, 400);
    }

    private IEnumerable<HttpCase> WebhookCorpus()
    {
        string valid = _world.Request("hook-target").ToJsonString();
        DateTimeOffset now = DateTimeOffset.UtcNow;
        yield return Raw("generic unsigned", HttpMethod.Post, "/api/webhooks/tickets", Encoding.UTF8.GetBytes(valid), "application/json", 401);
        yield return new HttpCase("generic forged (wrong secret)", () => Standard(valid, "msg_forged", now, "whsec_" + Convert.ToBase64String(new byte[24])), 401);
        yield return new HttpCase("generic stale timestamp", () => Standard(valid, "msg_stale", now.AddHours(-1), GenericSecret), 401);
        yield return new HttpCase("generic future timestamp", () => Standard(valid, "msg_future", now.AddHours(1), GenericSecret), 401);
        yield return new HttpCase("generic body swapped after signing", () =>
        {
            HttpRequestMessage r = Standard(valid, "msg_swap", now, GenericSecret);
            r.Content = new StringContent(valid.Replace("hook-target", "hook-evil", StringComparison.Ordinal), Encoding.UTF8, "application/json");
            return r;
        }, 401);
        string invalidBody = "{\"destinationId\":\"BAD\"}";
        yield return new HttpCase("generic signed invalid request", () => Standard(invalidBody, "msg_replayed", now, GenericSecret), 400);
        yield return new HttpCase("generic replayed delivery", () => Standard(invalidBody, "msg_replayed", now, GenericSecret), 401);
        yield return new HttpCase("generic signed deep JSON", () => Standard("{\"ports\":" + new string('[', 100) + new string(']', 100) + "}", "msg_deep", now, GenericSecret), 400);
        yield return new HttpCase("generic signed text/plain", () =>
        {
            HttpRequestMessage r = Standard(valid, "msg_text", now, GenericSecret);
            r.Content = new StringContent(valid, Encoding.UTF8, "text/plain");
            return r;
        }, 415);
        yield return Raw("generic oversize", HttpMethod.Post, "/api/webhooks/tickets", new byte[70 * 1024], "application/json", 413);
        yield return Raw("zendesk unsigned", HttpMethod.Post, "/api/webhooks/zendesk", Encoding.UTF8.GetBytes("{}"), "application/json", 401);
        yield return new HttpCase("zendesk forged", () => Zendesk("{\"ticket\":{}}", now, "not-the-secret"), 401);
        yield return new HttpCase("zendesk signed array", () => Zendesk("[]", now, ZendeskSecret), 400);
        yield return Raw("jira unsigned", HttpMethod.Post, "/api/webhooks/jira", Encoding.UTF8.GetBytes("{}"), "application/json", 401);
        yield return new HttpCase("jira forged", () => Jira("{\"issue\":{}}", "jira-1", "not-the-secret"), 401);
        yield return new HttpCase("jira signed garbage", () => Jira("not json", "jira-2", JiraSecret), 400);
    }

    private IEnumerable<BusCase> BusCorpus()
    {
        static ServiceBusReceivedMessage Message(string body, string? subject = ServiceBusIntakeHandler.RequestedSubject, string? contentType = "application/json") =>
            ServiceBusModelFactory.ServiceBusReceivedMessage(
                body: BinaryData.FromString(body), messageId: Guid.NewGuid().ToString("N"), subject: subject, contentType: contentType);

        string valid = _world.Request("bus-target").ToJsonString();
        yield return new BusCase("subject", Message(valid, subject: "onboarding.delete"), DeadLetterReasons.UnsupportedSubject);
        yield return new BusCase("no subject", Message(valid, subject: null), DeadLetterReasons.UnsupportedSubject);
        yield return new BusCase("content type", Message(valid, contentType: "text/xml"), DeadLetterReasons.UnsupportedContentType);
        yield return new BusCase("too large", Message(new string(' ', 70 * 1024)), DeadLetterReasons.TooLarge);
        yield return new BusCase("malformed", Message("{"), DeadLetterReasons.MalformedJson);
        yield return new BusCase("empty", Message(string.Empty), DeadLetterReasons.MalformedJson);
        yield return new BusCase("unknown field", Message("{\"evil\":1}"), DeadLetterReasons.MalformedJson);
        yield return new BusCase("deep", Message(string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100)), DeadLetterReasons.MalformedJson);
        yield return new BusCase("wrong type", Message("{\"ports\":\"443\"}"), DeadLetterReasons.MalformedJson);
        yield return new BusCase("missing fields", Message("{}"), DeadLetterReasons.ValidationFailed);
        yield return new BusCase("path id", Message(valid.Replace("bus-target", "../bus", StringComparison.Ordinal)), DeadLetterReasons.ValidationFailed);
        yield return new BusCase("bad group", Message(((Func<string>)(() => { JsonObject r = _world.Request("bus-group"); r["groupId"] = "sqlServer"; return r.ToJsonString(); }))()), DeadLetterReasons.ValidationFailed);
        yield return new BusCase("port range", Message(((Func<string>)(() => { JsonObject r = _world.Request("bus-port"); r["ports"] = new JsonArray(new JsonObject { ["port"] = 70000 }); return r.ToJsonString(); }))()), DeadLetterReasons.ValidationFailed);
        yield return new BusCase("conflict with running", Message(((Func<string>)(() => { JsonObject r = _world.Request(Victim); r["hostName"] = "evil.example.com"; return r.ToJsonString(); }))()), DeadLetterReasons.Conflict);
        yield return new BusCase("cancel unknown", Message("{\"destinationId\":\"nobody-here\"}", subject: ServiceBusIntakeHandler.CancelSubject), DeadLetterReasons.NotFound);
        yield return new BusCase("cancel bad id", Message("{\"destinationId\":\"../x\"}", subject: ServiceBusIntakeHandler.CancelSubject), DeadLetterReasons.ValidationFailed);
    }

    private HttpCase Submit(string name, Action<JsonObject> mutate, int? expected)
    {
        JsonObject request = _world.Request("bad-input-" + name.Length.ToString(CultureInfo.InvariantCulture));
        mutate(request);
        return Raw("submit " + name, HttpMethod.Post, "/api/onboardings", Encoding.UTF8.GetBytes(request.ToJsonString()), "application/json", expected);
    }

    private static HttpCase Raw(string name, HttpMethod method, string path, byte[]? body, string? contentType, int? expected) => new(name, () =>
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            var content = new ByteArrayContent(body);
            if (contentType is not null)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }

            request.Content = content;
        }

        return request;
    }, expected);

    private static HttpRequestMessage Standard(string body, string id, DateTimeOffset timestamp, string secret)
    {
        long seconds = timestamp.ToUnixTimeSeconds();
        byte[] key = Convert.FromBase64String(secret["whsec_".Length..]);
        string signature = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{seconds}.{body}")));
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/tickets") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", seconds.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", signature);
        return request;
    }

    private static HttpRequestMessage Zendesk(string body, DateTimeOffset timestamp, string secret)
    {
        string ts = timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/zendesk") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Zendesk-Webhook-Signature-Timestamp", ts);
        request.Headers.Add("X-Zendesk-Webhook-Signature", Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(ts + body))));
        return request;
    }

    private static HttpRequestMessage Jira(string body, string identifier, string secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/jira") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Atlassian-Webhook-Identifier", identifier);
        request.Headers.Add("X-Hub-Signature", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body))));
        return request;
    }

    private sealed record HttpCase(string Name, Func<HttpRequestMessage> Build, int? Expected);

    private sealed record BusCase(string Name, ServiceBusReceivedMessage Message, string ExpectedReason);

    private sealed class RecordingSettlement : IMessageSettlement
    {
        public string? Reason { get; private set; }

        public string? Description { get; private set; }

        public Task CompleteAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task AbandonAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task DeadLetterAsync(string reason, string description, CancellationToken cancellationToken)
        {
            Reason = reason;
            Description = description;
            return Task.CompletedTask;
        }
    }
}
