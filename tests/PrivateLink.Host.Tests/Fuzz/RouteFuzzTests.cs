using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PrivateLink.Api.Security;
using PrivateLink.Host.Tests.Reliability;
using PrivateLink.TestIdentity;

namespace PrivateLink.Host.Tests.Fuzz;

/// <summary>
/// Seeded hostile input against every route of the running runner (path, query, body, headers and tokens). Nothing answers 5xx; a
/// refused request is a 4xx problem+json, and a 400 names the field (or query parameter) that was bad. The corpus is generated from
/// fixed seeds, so a failure names a case that reproduces.
/// </summary>
public sealed class RouteFuzzTests : IAsyncLifetime
{
    private const int Seed = 1217;
    private static readonly string[] IdRoutes = ["GET {0}", "DELETE {0}", "POST {0}/approval", "POST {0}/cancel", "POST {0}/recheck"];
    private static readonly string[] SubmitFields =
        ["destinationId", "destinationType", "targetResourceId", "groupId", "hostName", "ports", "requireTls", "ticketId", "approvalTimeout", "callbackUrl", "trustedCaCertificatesPem", "pinnedCertificateSha256"];

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(3));
    private readonly List<string> _failures = [];
    private OnboardingWorld _world = null!;
    private InProcessRunner _runner = null!;
    private int _requests;

    public async Task InitializeAsync()
    {
        _world = await OnboardingWorld.StartAsync(_timeout.Token);
        Dictionary<string, string?> settings = _world.ArmSettings();
        settings["Webhooks:Generic:SigningSecret"] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        settings["RateLimiting:CommandsPerDestinationPerMinute"] = "100000";
        _runner = await InProcessRunner.StartAsync(settings, _timeout.Token);
    }

    public async Task DisposeAsync()
    {
        await _runner.DisposeAsync();
        await _world.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task List_SeededHostileQueryStrings_NeverAnswer5xxAndNameTheParameter()
    {
        // A few onboardings exist, so a forged continuation token has something to page over.
        await _world.SubmitAllAsync(_runner.Http, ["fuzz-list-a", "fuzz-list-b", "fuzz-list-c"], _timeout.Token);
        var input = new HostileInput(Seed);
        string[] parameters = ["stage", "pageSize", "continuationToken"];
        for (int i = 0; i < 400; i++)
        {
            string parameter = input.Pick(parameters);
            string value = i % 3 == 0 ? input.Encoded() : Uri.EscapeDataString(input.String());
            await ExpectAsync($"list {parameter}={Shorten(value)}", new HttpRequestMessage(HttpMethod.Get, $"/api/onboardings?{parameter}={value}"), parameter);
        }

        // The shapes a query string can take besides one value per name.
        string[] shapes =
        [
            "stage=Ready&stage=Bogus", "pageSize=1&pageSize=2", "continuationToken=a&continuationToken=b", "stage", "pageSize", "pageSize=",
            "stage[]=Ready", "pageSize[0]=5", "&&&", "=", "==x", "?stage=Ready", "%3F=1", "stage=Ready%00", "pageSize=1%00", "pageSize=%2B1",
            "unknown=1", "STAGE=Bogus", "PAGESIZE=0", "continuationToken=%FF%FE", "continuationToken=" + new string('A', 4096),
        ];
        foreach (string shape in shapes)
        {
            await ExpectAsync($"list ?{shape}", new HttpRequestMessage(HttpMethod.Get, "/api/onboardings?" + shape), null);
        }

        AssertNoFailures(420);
    }

    [Fact]
    public async Task IdRoutes_SeededHostilePathsAndMethods_NeverAnswer5xx()
    {
        var input = new HostileInput(Seed + 1);
        for (int i = 0; i < 300; i++)
        {
            string id = i % 2 == 0 ? input.Encoded() : Uri.EscapeDataString(input.String());
            string[] route = string.Format(System.Globalization.CultureInfo.InvariantCulture, input.Pick(IdRoutes), "/api/onboardings/" + id).Split(' ');
            var request = new HttpRequestMessage(new HttpMethod(route[0]), route[1]);
            if (i % 5 == 0)
            {
                request.Content = new ByteArrayContent(input.RawBody("{}"));
                request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            }

            await ExpectAsync($"{route[0]} {Shorten(route[1])}", request, field: IsWellFormedIdSegment(id) ? null : "destinationId");
        }

        foreach (string method in new[] { "PUT", "PATCH", "OPTIONS", "TRACE", "FOO" })
        {
            await ExpectAsync($"{method} list", new HttpRequestMessage(new HttpMethod(method), "/api/onboardings"), null);
            await ExpectAsync($"{method} one", new HttpRequestMessage(new HttpMethod(method), "/api/onboardings/fuzz-method"), null);
        }

        AssertNoFailures(310);
    }

    [Fact]
    public async Task Submit_SeededHostileFieldsBodiesAndContentTypes_NeverAnswer5xxAndNameTheField()
    {
        var input = new HostileInput(Seed + 2);
        for (int i = 0; i < 300; i++)
        {
            JsonObject request = _world.Request($"fuzz-submit-{i}");
            string field = i % 10 == 9 ? "unexpected" + i : input.Pick(SubmitFields);
            request[field] = input.Json();
            await ExpectAsync($"submit {field}={Shorten(request[field]?.ToJsonString() ?? "null")}", Json(request.ToJsonString()), field);
        }

        string valid = _world.Request("fuzz-raw").ToJsonString();
        string[] contentTypes =
        [
            "application/json", "application/json", "application/json; charset=utf-8", "application/json; charset=latin1", "application/json;;", "text/json",
            "application/problem+json", "application/*", "*/*", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data", "application/json; boundary=\"",
            string.Empty, ";", "application/json, text/plain",
        ];
        for (int i = 0; i < 200; i++)
        {
            var content = new ByteArrayContent(input.RawBody(valid));
            content.Headers.TryAddWithoutValidation("Content-Type", input.Pick(contentTypes));
            await ExpectAsync($"submit raw #{i} ({content.Headers.ContentType})", new HttpRequestMessage(HttpMethod.Post, "/api/onboardings") { Content = content }, null);
        }

        AssertNoFailures(500);
    }

    [Fact]
    public async Task EveryRoute_HostileTokensAndHeaders_Answer401Or4xxNever5xx()
    {
        TestIdentityProvider identity = await TestIdentityProvider.SharedAsync();
        RsaSecurityKey key = identity.SigningKeys[0];
        string issuer = identity.Issuer.ToString();
        var input = new HostileInput(Seed + 3);
        string valid = Sign(key, issuer, TestIdentityProvider.Audience, DateTime.UtcNow.AddMinutes(10));
        string[] parts = valid.Split('.');
        var hostileTokens = new List<(string Name, string? Header)>
        {
            ("none", null), ("empty bearer", "Bearer"), ("bearer space", "Bearer "), ("basic", "Basic dXNlcjpwYXNz"), ("garbage", "Bearer not-a-token"),
            ("expired", "Bearer " + Sign(key, issuer, TestIdentityProvider.Audience, DateTime.UtcNow.AddMinutes(-10))),
            ("wrong audience", "Bearer " + Sign(key, issuer, "api://someone-else", DateTime.UtcNow.AddMinutes(10))),
            ("wrong issuer", "Bearer " + Sign(key, "https://evil.example.com/", TestIdentityProvider.Audience, DateTime.UtcNow.AddMinutes(10))),
            ("unknown key", "Bearer " + Sign(TestIdentityProvider.NewKey(), issuer, TestIdentityProvider.Audience, DateTime.UtcNow.AddMinutes(10))),
            ("alg none", "Bearer " + B64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + "."),
            ("tampered payload", "Bearer " + parts[0] + "." + B64("{\"oid\":\"x\",\"roles\":[\"Onboarding.Offboard\"]}") + "." + parts[2]),
            ("truncated signature", "Bearer " + valid[..^5]),
            ("header not json", "Bearer " + B64("{{{") + "." + parts[1] + "." + parts[2]),
            ("payload not base64", "Bearer " + parts[0] + ".***." + parts[2]),
            ("five parts (JWE shape)", "Bearer a.b.c.d.e"), ("long token", "Bearer " + new string('a', 16 * 1024)),
        };
        for (int i = 0; i < 40; i++)
        {
            hostileTokens.Add(($"random #{i}", "Bearer " + string.Join('.', Enumerable.Range(0, input.Next(5) + 1).Select(_ => B64(input.String())))));
        }

        string[] routes = ["GET /api/onboardings", "GET /api/onboardings/fuzz-token", "POST /api/onboardings", "POST /api/onboardings/fuzz-token/approval",
            "POST /api/onboardings/fuzz-token/cancel", "POST /api/onboardings/fuzz-token/recheck", "DELETE /api/onboardings/fuzz-token", "GET /openapi/v1.json"];
        using var anonymous = new HttpClient { BaseAddress = _runner.Http.BaseAddress };
        foreach ((string name, string? header) in hostileTokens)
        {
            foreach (string route in routes)
            {
                string[] r = route.Split(' ');
                var request = new HttpRequestMessage(new HttpMethod(r[0]), r[1]);
                if (header is not null)
                {
                    request.Headers.TryAddWithoutValidation("Authorization", header);
                }

                await ExpectAsync($"token {name} {route}", request, null, anonymous, expectedStatus: 401);
            }
        }

        // The control: a token signed the same way with valid claims is accepted, so the refusals above are about the token.
        var control = new HttpRequestMessage(HttpMethod.Get, "/api/onboardings");
        control.Headers.Authorization = new AuthenticationHeaderValue("Bearer", valid);
        using (HttpResponseMessage accepted = await anonymous.SendAsync(control, _timeout.Token))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        // Huge and odd headers: refused by the server before any route runs (431/400), or passed to the route, which answers as usual.
        foreach ((string name, string value) in new[] { ("X-Fuzz", new string('h', 40 * 1024)), ("Cookie", new string('c', 40 * 1024)), ("X-Forwarded-For", "1.1.1.1, " + new string('9', 9000)), ("Accept", "application/xml;q=2, */*;q=-1") })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/onboardings");
            request.Headers.TryAddWithoutValidation(name, value);
            await ExpectAsync($"header {name}", request, null);
        }

        AssertNoFailures(hostileTokens.Count * routes.Length);
    }

    [Fact]
    public async Task Webhooks_SeededHostileBodiesUnsignedAndSigned_NeverAnswer5xx()
    {
        var input = new HostileInput(Seed + 4);
        string valid = _world.Request("fuzz-hook").ToJsonString();
        using var anonymous = new HttpClient { BaseAddress = _runner.Http.BaseAddress };
        for (int i = 0; i < 120; i++)
        {
            string path = input.Pick(new[] { "/api/webhooks/tickets", "/api/webhooks/zendesk", "/api/webhooks/jira" });
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(input.RawBody(valid)) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            foreach (string header in new[] { "webhook-id", "webhook-timestamp", "webhook-signature", "X-Zendesk-Webhook-Signature", "X-Zendesk-Webhook-Signature-Timestamp", "X-Hub-Signature", "X-Atlassian-Webhook-Identifier" })
            {
                if (input.Next(2) == 0)
                {
                    request.Headers.TryAddWithoutValidation(header, SafeHeader(input.String()));
                }
            }

            await ExpectAsync($"webhook {path} #{i}", request, null, anonymous);
        }

        AssertNoFailures(120);
    }

    [Fact]
    public async Task RawWire_InvalidUtf8PathsAndBrokenRequestLines_NeverAnswer5xx()
    {
        // Bytes an HttpClient will not send: raw invalid UTF-8 in the path and query, control characters, a bare LF.
        Uri address = _runner.Http.BaseAddress!;
        string token = _runner.Http.DefaultRequestHeaders.Authorization!.Parameter!;
        byte[][] lines =
        [
            [.. "GET /api/onboardings/"u8, 0xFF, 0xFE, .. " HTTP/1.1"u8],
            [.. "GET /api/onboardings?stage="u8, 0xC0, 0xAF, .. " HTTP/1.1"u8],
            [.. "GET /api/onboardings?continuationToken="u8, 0xED, 0xA0, 0x80, .. " HTTP/1.1"u8],
            [.. "POST /api/onboardings/a"u8, 0x01, .. "b/cancel HTTP/1.1"u8],
            "GET /api/onboardings/..\\..\\x HTTP/1.1"u8.ToArray(),
            "GET /api/onboardings?stage=%%% HTTP/1.1"u8.ToArray(),
            "GET http://evil.example.com/api/onboardings HTTP/1.1"u8.ToArray(),
            "GET * HTTP/1.1"u8.ToArray(),
        ];
        foreach (byte[] line in lines)
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(address.Host, address.Port, _timeout.Token);
            NetworkStream stream = tcp.GetStream();
            byte[] request = [.. line, .. Encoding.ASCII.GetBytes($"\r\nHost: {address.Authority}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n")];
            await stream.WriteAsync(request, _timeout.Token);
            using var reader = new StreamReader(stream, Encoding.ASCII);
            string statusLine = await reader.ReadLineAsync(_timeout.Token) ?? string.Empty;
            _requests++;
            string[] status = statusLine.Split(' ');
            if (status.Length < 2 || !int.TryParse(status[1], out int code) || code >= 500)
            {
                _failures.Add($"raw {Encoding.Latin1.GetString(line)}: '{statusLine}'");
            }
        }

        // A body shorter than its Content-Length, the sender then closing its side: the read fails mid-body.
        foreach (int sent in new[] { 0, 1, 40 })
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(address.Host, address.Port, _timeout.Token);
            NetworkStream stream = tcp.GetStream();
            string head = $"POST /api/onboardings HTTP/1.1\r\nHost: {address.Authority}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head + "{\"destinationId\":\"short-body\"".PadRight(40)[..sent]), _timeout.Token);
            tcp.Client.Shutdown(SocketShutdown.Send);
            string answer;
            try
            {
                using var reader = new StreamReader(stream, Encoding.ASCII);
                answer = await reader.ReadToEndAsync(_timeout.Token);
            }
            catch (IOException)
            {
                answer = string.Empty; // the server may reset a connection whose body ended early, after or instead of its answer
            }

            _requests++;
            if (answer.Length > 0 && !answer.StartsWith("HTTP/1.1 4", StringComparison.Ordinal))
            {
                _failures.Add($"short body ({sent} of 500 bytes): {Shorten(answer)}");
            }
        }

        // The handler turns the failed read into a 400 itself: nothing reaches the exception handler (which would answer 500).
        _failures.AddRange(_runner.Logs.Lines.Where(l => l.Contains("unhandled exception", StringComparison.OrdinalIgnoreCase)).Select(l => "runner: " + Shorten(l)));
        AssertNoFailures(lines.Length + 3);
    }

    private async Task ExpectAsync(string name, HttpRequestMessage request, string? field, HttpClient? client = null, int? expectedStatus = null)
    {
        using (request)
        {
            using HttpResponseMessage response = await (client ?? _runner.Http).SendAsync(request, _timeout.Token);
            _requests++;
            int status = (int)response.StatusCode;
            string body = await response.Content.ReadAsStringAsync(_timeout.Token);
            string? mediaType = response.Content.Headers.ContentType?.MediaType;
            if (status >= 500 || (expectedStatus is { } expected && status != expected))
            {
                _failures.Add($"{name}: {status} {Shorten(body)}");
                return;
            }

            // Answers refused by Kestrel itself, before any route runs, carry no body: header too large, URI too long, bad request line.
            bool serverLevel = body.Length == 0 && status is 400 or 414 or 431;
            if (status >= 400 && !serverLevel && status != 405 && mediaType != "application/problem+json")
            {
                _failures.Add($"{name}: {status} {mediaType} {Shorten(body)}");
                return;
            }

            if (status == 400 && field is not null && !serverLevel && !NamesField(body, field))
            {
                _failures.Add($"{name}: 400 without naming '{field}': {Shorten(body)}");
            }
        }
    }

    private void AssertNoFailures(int minimumRequests)
    {
        Assert.True(_requests >= minimumRequests, $"only {_requests} requests were sent");
        Assert.True(_failures.Count == 0, $"{_failures.Count} of {_requests} requests answered wrongly:\n" + string.Join('\n', _failures.Take(40)));
    }

    private static bool NamesField(string body, string field)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.TryGetProperty("errors", out JsonElement errors)
            && errors.EnumerateObject().Any(e => e.Name.StartsWith(field, StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsWellFormedIdSegment(string escaped)
    {
        string id;
        try
        {
            id = Uri.UnescapeDataString(escaped);
        }
        catch (UriFormatException)
        {
            return false;
        }

        // An id with a slash, an empty one or a dot segment is routed elsewhere (404/405), not to the id check.
        return id.Length == 0 || id.Contains('/', StringComparison.Ordinal) || id.Contains('\\', StringComparison.Ordinal) || id is "." or ".."
            || PrivateLink.Onboarding.Validation.OnboardingRequestValidator.IsValidDestinationId(id);
    }

    private static HttpRequestMessage Json(string json) =>
        new(HttpMethod.Post, "/api/onboardings") { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private static string Sign(SecurityKey key, string issuer, string audience, DateTime expires) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = issuer,
        Audience = audience,
        Subject = new ClaimsIdentity([new Claim("oid", Guid.NewGuid().ToString()), new Claim("tid", TestIdentityProvider.TenantId), new Claim("roles", OnboardingRoles.Read)]),
        IssuedAt = expires.AddHours(-1),
        NotBefore = expires.AddHours(-1),
        Expires = expires,
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
    });

    private static string B64(string text) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(text));

    private static string SafeHeader(string s) => new(s.Where(c => c is >= ' ' and <= '~').ToArray());

    private static string Shorten(string s) => s.Length <= 200 ? s : s[..200] + "…";
}
