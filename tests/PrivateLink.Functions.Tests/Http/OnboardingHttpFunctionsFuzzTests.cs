using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PrivateLink.Functions.Http;
using PrivateLink.Functions.Tests.Support;
using PrivateLink.Host.Tests.Fuzz;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Functions.Tests.Http;

/// <summary>
/// The Functions app's HTTP functions under the same seeded hostile input as the runner's routes (query strings, route ids, bodies),
/// over the real handlers and the in-memory engine: no 5xx, and a 400 is problem+json naming the field.
/// </summary>
public sealed class OnboardingHttpFunctionsFuzzTests(DurableEngineFixture engine) : IClassFixture<DurableEngineFixture>
{
    private const int Seed = 2417;
    private readonly OnboardingHttpFunctions sut = new(new InMemoryDestinationRecordStore());

    [Fact]
    public async Task ListAsync_SeededHostileQueryValues_NeverAnswer5xxAndNameTheParameter()
    {
        // Something to page over, so a forged continuation token reaches the engine's query.
        (int started, _, _) = await engine.ExecuteAsync(await sut.SubmitAsync(Json(Body("fuzz-fn-list")), engine.Client, Timeout()));
        Assert.Equal(StatusCodes.Status202Accepted, started);
        var input = new HostileInput(Seed);
        var failures = new List<string>();
        string[] parameters = ["stage", "pageSize", "continuationToken"];
        for (int i = 0; i < 300; i++)
        {
            string parameter = input.Pick(parameters);
            string value = input.String();
            HttpRequest request = CallerRequest();
            request.QueryString = QueryString.Create(parameter, value);
            (int status, IHeaderDictionary headers, string body) = await engine.ExecuteAsync(await sut.ListAsync(request, engine.Client, Timeout()));
            Check(failures, $"list {parameter}={value}", status, headers, body, parameter);
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(30)));
    }

    [Fact]
    public async Task IdFunctions_SeededHostileIds_NeverAnswer5xx()
    {
        var input = new HostileInput(Seed + 1);
        var failures = new List<string>();
        for (int i = 0; i < 200; i++)
        {
            string id = input.String();
            HttpRequest request = CallerRequest();
            IResult result = (i % 5) switch
            {
                0 => await sut.GetAsync(request, id, engine.Client, Timeout()),
                1 => await sut.NotifyApprovalAsync(request, id, engine.Client, Timeout()),
                2 => await sut.CancelAsync(request, id, engine.Client, Timeout()),
                3 => await sut.RecheckAsync(request, id, engine.Client, Timeout()),
                _ => await sut.OffboardAsync(request, id, engine.Client, Timeout()),
            };
            (int status, IHeaderDictionary headers, string body) = await engine.ExecuteAsync(result);
            Check(failures, $"#{i} id={id}", status, headers, body, PrivateLink.Onboarding.Validation.OnboardingRequestValidator.IsValidDestinationId(id) ? null : "destinationId");
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(30)));
    }

    [Fact]
    public async Task SubmitAsync_SeededHostileFieldsAndBodies_NeverAnswer5xxAndNameTheField()
    {
        var input = new HostileInput(Seed + 2);
        var failures = new List<string>();
        string[] fields = ["destinationId", "destinationType", "targetResourceId", "groupId", "hostName", "ports", "requireTls", "ticketId", "approvalTimeout", "callbackUrl", "pinnedCertificateSha256"];
        for (int i = 0; i < 200; i++)
        {
            var request = System.Text.Json.Nodes.JsonNode.Parse(Body($"fuzz-fn-{i}"))!.AsObject();
            string field = input.Pick(fields);
            request[field] = input.Json();
            (int status, IHeaderDictionary headers, string body) = await engine.ExecuteAsync(await sut.SubmitAsync(Json(request.ToJsonString()), engine.Client, Timeout()));
            Check(failures, $"submit {field}={request[field]?.ToJsonString()}", status, headers, body, field);
        }

        for (int i = 0; i < 100; i++)
        {
            HttpRequest raw = CallerRequest();
            raw.ContentType = "application/json";
            raw.Body = new MemoryStream(input.RawBody(Body("fuzz-fn-raw")));
            (int status, IHeaderDictionary headers, string body) = await engine.ExecuteAsync(await sut.SubmitAsync(raw, engine.Client, Timeout()));
            Check(failures, $"submit raw #{i}", status, headers, body, null);
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(30)));
    }

    private static void Check(List<string> failures, string name, int status, IHeaderDictionary headers, string body, string? field)
    {
        if (status >= 500)
        {
            failures.Add($"{name}: {status} {body}");
        }
        else if (status >= 400 && !headers.ContentType.ToString().StartsWith("application/problem+json", StringComparison.Ordinal))
        {
            failures.Add($"{name}: {status} {headers.ContentType} {body}");
        }
        else if (status == 400 && field is not null
            && !(JsonDocument.Parse(body).RootElement.TryGetProperty("errors", out JsonElement errors)
                && errors.EnumerateObject().Any(e => e.Name.StartsWith(field, StringComparison.OrdinalIgnoreCase))))
        {
            failures.Add($"{name}: 400 without naming '{field}': {body}");
        }
    }

    private static HttpRequest Json(string body)
    {
        HttpRequest request = CallerRequest();
        request.ContentType = "application/json";
        request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return request;
    }

    // The Functions app's Easy Auth middleware sets HttpContext.User from the platform's principal: the fuzzed input reaches the handlers, not the 401.
    private static HttpRequest CallerRequest() => new DefaultHttpContext
    {
        User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new System.Security.Claims.Claim("oid", "00000000-0000-0000-0000-0000000000ab"), new System.Security.Claims.Claim("name", "Functions fuzz caller")],
            authenticationType: "EasyAuth")),
    }.Request;

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private static string Body(string destinationId) => $$"""
        {
          "destinationId": "{{destinationId}}",
          "destinationType": "AzurePostgreSql",
          "targetResourceId": "/subscriptions/6a8e3c1e-0d5e-4a8f-9a57-0f3a1b2c3d4e/resourceGroups/rg-customer/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg1",
          "hostName": "pg1.postgres.database.azure.com",
          "requireTls": true,
          "ticketId": "SUP-1234"
        }
        """;
}
