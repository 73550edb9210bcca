using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PrivateLink.Functions.Http;
using PrivateLink.Functions.Tests.Support;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Functions.Tests.Http;

/// <summary>Each HTTP function over the real shared handlers and <c>OnboardingService</c>, against the in-memory engine running the real workflow.</summary>
public sealed class OnboardingHttpFunctionsTests(DurableEngineFixture engine) : IClassFixture<DurableEngineFixture>
{
    private readonly OnboardingHttpFunctions sut = new(new InMemoryDestinationRecordStore());

    [Fact]
    public async Task SubmitAsync_ValidRequest_Returns202WithLocation()
    {
        string id = NewId();

        IResult result = await sut.SubmitAsync(JsonRequest(Body(id)), engine.Client, Timeout());

        (int status, IHeaderDictionary headers, _) = await engine.ExecuteAsync(result);
        Assert.Equal(StatusCodes.Status202Accepted, status);
        Assert.Equal($"/api/onboardings/{id}", headers.Location.ToString());
    }

    [Fact]
    public async Task SubmitAsync_SameRequestWhileRunning_Returns200()
    {
        string id = await StartAsync();

        IResult result = await sut.SubmitAsync(JsonRequest(Body(id)), engine.Client, Timeout());

        (int status, _, string body) = await engine.ExecuteAsync(result);
        Assert.Equal(StatusCodes.Status200OK, status);
        Assert.Contains(id, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitAsync_InvalidBody_Returns400ProblemNamingTheField()
    {
        string body = Body(NewId()).Replace("\"AzurePostgreSql\"", "\"Oracle\"", StringComparison.Ordinal);

        IResult result = await sut.SubmitAsync(JsonRequest(body), engine.Client, Timeout());

        (int status, IHeaderDictionary headers, string text) = await engine.ExecuteAsync(result);
        Assert.Equal(StatusCodes.Status400BadRequest, status);
        Assert.StartsWith("application/problem+json", headers.ContentType.ToString(), StringComparison.Ordinal);
        Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty("destinationType", out _), text);
    }

    [Fact]
    public async Task SubmitAsync_NotJson_Returns415()
    {
        HttpRequest request = JsonRequest(Body(NewId()));
        request.ContentType = "text/plain";

        (int status, _, _) = await engine.ExecuteAsync(await sut.SubmitAsync(request, engine.Client, Timeout()));

        Assert.Equal(StatusCodes.Status415UnsupportedMediaType, status);
    }

    [Fact]
    public async Task GetAsync_Running_Returns200WithStage()
    {
        string id = await StartAsync();

        (int status, _, string body) = await engine.ExecuteAsync(await sut.GetAsync(EmptyRequest(), id, engine.Client, Timeout()));

        Assert.Equal(StatusCodes.Status200OK, status);
        JsonElement view = JsonDocument.Parse(body).RootElement;
        Assert.Equal(id, view.GetProperty("destinationId").GetString());
        Assert.Equal("Validating", view.GetProperty("stage").GetString());
    }

    [Fact]
    public async Task GetAsync_Unknown_Returns404()
    {
        (int status, _, _) = await engine.ExecuteAsync(await sut.GetAsync(EmptyRequest(), NewId(), engine.Client, Timeout()));

        Assert.Equal(StatusCodes.Status404NotFound, status);
    }

    [Fact]
    public async Task GetAsync_MalformedId_Returns400()
    {
        (int status, _, _) = await engine.ExecuteAsync(await sut.GetAsync(EmptyRequest(), "NOT_VALID", engine.Client, Timeout()));

        Assert.Equal(StatusCodes.Status400BadRequest, status);
    }

    [Fact]
    public async Task ListAsync_StageFilter_ReturnsOnlyThatStage()
    {
        string id = await StartAsync();
        HttpRequest request = EmptyRequest();
        request.QueryString = new QueryString("?stage=validating&pageSize=100");

        (int status, _, string body) = await engine.ExecuteAsync(await sut.ListAsync(request, engine.Client, Timeout()));

        Assert.Equal(StatusCodes.Status200OK, status);
        JsonElement[] items = [.. JsonDocument.Parse(body).RootElement.GetProperty("items").EnumerateArray()];
        Assert.Contains(items, i => i.GetProperty("destinationId").GetString() == id);
        Assert.All(items, i => Assert.Equal("Validating", i.GetProperty("stage").GetString()));
    }

    [Fact]
    public async Task ListAsync_UnknownStage_Returns400()
    {
        HttpRequest request = EmptyRequest();
        request.QueryString = new QueryString("?stage=Sleeping");

        (int status, _, string body) = await engine.ExecuteAsync(await sut.ListAsync(request, engine.Client, Timeout()));

        Assert.Equal(StatusCodes.Status400BadRequest, status);
        Assert.Contains("stage", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotifyApprovalAsync_Waiting_Returns202()
    {
        string id = await StartAsync();

        (int status, _, _) = await engine.ExecuteAsync(await sut.NotifyApprovalAsync(EmptyRequest(), id, engine.Client, Timeout()));

        Assert.Equal(StatusCodes.Status202Accepted, status);
    }

    [Fact]
    public async Task NotifyApprovalAsync_Unknown_Returns404()
    {
        (int status, _, _) = await engine.ExecuteAsync(await sut.NotifyApprovalAsync(EmptyRequest(), NewId(), engine.Client, Timeout()));

        Assert.Equal(StatusCodes.Status404NotFound, status);
    }

    [Fact]
    public async Task CancelAsync_Running_Returns202()
    {
        string id = await StartAsync();

        (int status, IHeaderDictionary headers, _) = await engine.ExecuteAsync(await sut.CancelAsync(EmptyRequest(), id, engine.Client, Timeout()));

        Assert.Equal(StatusCodes.Status202Accepted, status);
        Assert.Equal($"/api/onboardings/{id}", headers.Location.ToString());
    }

    [Fact]
    public async Task CancelAsync_Unknown_Returns404()
    {
        (int status, _, _) = await engine.ExecuteAsync(await sut.CancelAsync(EmptyRequest(), NewId(), engine.Client, Timeout()));

        Assert.Equal(StatusCodes.Status404NotFound, status);
    }

    [Fact]
    public async Task OffboardAsync_WhileRunning_Returns409()
    {
        string id = await StartAsync();

        (int status, _, _) = await engine.ExecuteAsync(await sut.OffboardAsync(EmptyRequest(), id, engine.Client, Timeout()));

        Assert.Equal(StatusCodes.Status409Conflict, status);
    }

    [Fact]
    public async Task OffboardAsync_Unknown_Returns404()
    {
        (int status, _, _) = await engine.ExecuteAsync(await sut.OffboardAsync(EmptyRequest(), NewId(), engine.Client, Timeout()));

        Assert.Equal(StatusCodes.Status404NotFound, status);
    }

    [Fact]
    public async Task RecheckAsync_WhileRunning_Returns409()
    {
        string id = await StartAsync();

        (int status, _, _) = await engine.ExecuteAsync(await sut.RecheckAsync(EmptyRequest(), id, engine.Client, Timeout()));

        Assert.Equal(StatusCodes.Status409Conflict, status);
    }

    [Fact]
    public async Task RecheckAsync_Unknown_Returns404()
    {
        (int status, _, _) = await engine.ExecuteAsync(await sut.RecheckAsync(EmptyRequest(), NewId(), engine.Client, Timeout()));

        Assert.Equal(StatusCodes.Status404NotFound, status);
    }

    [Fact]
    public async Task HealthFunction_Run_Returns200Healthy()
    {
        var health = new HealthFunction();

        (int status, _, string body) = await engine.ExecuteAsync(health.Run(EmptyRequest()));

        Assert.Equal(StatusCodes.Status200OK, status);
        Assert.Equal("healthy", JsonDocument.Parse(body).RootElement.GetProperty("status").GetString());
    }

    private async Task<string> StartAsync()
    {
        string id = NewId();
        (int status, _, _) = await engine.ExecuteAsync(await sut.SubmitAsync(JsonRequest(Body(id)), engine.Client, Timeout()));
        Assert.Equal(StatusCodes.Status202Accepted, status);
        await engine.WaitUntilRunningAsync(id);
        return id;
    }

    private static string NewId() => "dst-" + Guid.NewGuid().ToString("N")[..12];

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

    private static HttpRequest JsonRequest(string body)
    {
        HttpRequest request = EmptyRequest();
        request.Method = HttpMethods.Post;
        request.ContentType = "application/json";
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        request.Body = new MemoryStream(bytes);
        request.ContentLength = bytes.Length;
        return request;
    }

    // The Functions app's Easy Auth middleware sets HttpContext.User from the platform's principal; the handlers record it.
    private static HttpRequest EmptyRequest() => new DefaultHttpContext
    {
        User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new System.Security.Claims.Claim("oid", "00000000-0000-0000-0000-0000000000aa"), new System.Security.Claims.Claim("name", "Functions test caller")],
            authenticationType: "EasyAuth")),
    }.Request;
}
