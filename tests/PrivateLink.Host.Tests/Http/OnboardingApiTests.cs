using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PrivateLink.Connectivity;
using PrivateLink.Onboarding;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Api.Tests.Http;

/// <summary>The HTTP contract (README, "HTTP API"), through the real runner (in-memory engine, ARM emulator).</summary>
public sealed class OnboardingApiTests : IClassFixture<RunnerFactory>
{
    private readonly RunnerFactory _factory;
    private readonly HttpClient _client;
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    public OnboardingApiTests(RunnerFactory factory)
    {
        _factory = factory;
        _client = factory.CreateClient();
    }

    [Fact]
    public async Task Submit_NewRequest_Returns202WithStatusLocation()
    {
        using HttpResponseMessage response = await PostAsync(Request("api-new"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("/api/onboardings/api-new", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Submit_SameRequestTwice_Returns200AndCreatesOneEndpoint()
    {
        using HttpResponseMessage first = await PostAsync(Request("api-twice"));
        await WaitForStageAsync("api-twice", OnboardingStage.AwaitingApproval);

        using HttpResponseMessage second = await PostAsync(Request("api-twice"));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("AwaitingApproval", (await second.Content.ReadFromJsonAsync<JsonObject>())!["stage"]!.GetValue<string>());
        Assert.Equal(1, _factory.Emulator.CreatedCount("pe-onboard-api-twice"));
    }

    [Fact]
    public async Task Submit_DifferentRequestWhileRunning_Returns409Problem()
    {
        using HttpResponseMessage first = await PostAsync(Request("api-conflict"));
        JsonObject other = Request("api-conflict");
        other["hostName"] = "other.example.net";

        using HttpResponseMessage second = await PostAsync(other);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        Assert.Contains("different onboarding request", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_InvalidFields_Returns400ProblemNamingEachField()
    {
        JsonObject body = Request("api-invalid");
        body["destinationType"] = "Oracle";
        body["targetResourceId"] = "not-an-id";
        body["approvalTimeout"] = "P90D";

        using HttpResponseMessage response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonObject errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Equal(["approvalTimeout", "destinationType", "targetResourceId"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("""{"destinationId":"api-x","surprise":1}""", "surprise")]
    [InlineData("""{"destinationId":"api-x","ports":[{"port":"5432"}]}""", "ports[0].port")]
    [InlineData("""{"destinationId":42}""", "destinationId")]
    [InlineData("""{"destinationId":"api-x",""", "$")]
    [InlineData("null", "$")]
    public async Task Submit_MalformedJson_Returns400NamingThePath(string json, string path)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        using HttpResponseMessage response = await _client.PostAsync("/api/onboardings", content, _timeout.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonObject errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(path), $"errors: {errors.ToJsonString()}");
    }

    [Fact]
    public async Task Submit_DeeplyNestedJson_Returns400()
    {
        string json = """{"destinationId":"api-deep","ports":[""" + string.Concat(Enumerable.Repeat("[", 40)) + string.Concat(Enumerable.Repeat("]", 40)) + "]}";
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        using HttpResponseMessage response = await _client.PostAsync("/api/onboardings", content, _timeout.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Submit_OversizeBody_Returns413Problem()
    {
        JsonObject body = Request("api-big");
        body["ticketId"] = new string('a', JsonBodyReader.MaxBodyBytes);

        using HttpResponseMessage response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    public async Task Submit_WrongContentType_Returns415Problem(string mediaType)
    {
        using var content = new StringContent(Request("api-ct").ToJsonString(), Encoding.UTF8, mediaType);

        using HttpResponseMessage response = await _client.PostAsync("/api/onboardings", content, _timeout.Token);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Get_UnknownDestination_Returns404Problem()
    {
        using HttpResponseMessage response = await _client.GetAsync("/api/onboardings/never-seen", _timeout.Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("GET", "/api/onboardings/Bad_Id")]
    [InlineData("POST", "/api/onboardings/Bad_Id/approval")]
    [InlineData("POST", "/api/onboardings/x/cancel")]
    [InlineData("DELETE", "/api/onboardings/%3Cscript%3E")]
    public async Task Routes_MalformedDestinationId_Return400NamingIt(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using HttpResponseMessage response = await _client.SendAsync(request, _timeout.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("destinationId", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approval_UnknownDestination_Returns404()
    {
        using HttpResponseMessage response = await _client.PostAsync("/api/onboardings/nobody-here/approval", null, _timeout.Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Approval_CustomerApprovedInArm_EndsReady_ThenRecheckAndOffboard()
    {
        await PostAsync(Request("api-flow"));
        await WaitForStageAsync("api-flow", OnboardingStage.AwaitingApproval);
        using HttpResponseMessage early = await _client.PostAsync("/api/onboardings/api-flow/approval", null, _timeout.Token);
        _factory.Emulator.ApproveConnection("pe-onboard-api-flow");
        _factory.Emulator.ApproveConnection("pe-onboard-api-flow-dfs"); // ADLS Gen2: blob and dfs endpoints, each approved

        using HttpResponseMessage approval = await _client.PostAsync("/api/onboardings/api-flow/approval", null, _timeout.Token);
        // Completed, not only Ready: the workflow publishes its Ready event after entering the stage, and a re-check meanwhile is refused (409).
        OnboardingView ready = await WaitForAsync("api-flow", v => v.Stage == OnboardingStage.Ready && v.RuntimeStatus == "Completed");
        using HttpResponseMessage lateApproval = await _client.PostAsync("/api/onboardings/api-flow/approval", null, _timeout.Token);
        using HttpResponseMessage recheck = await _client.PostAsync("/api/onboardings/api-flow/recheck", null, _timeout.Token);
        OnboardingView rechecked = await WaitForAsync("api-flow", v => v.Stage == OnboardingStage.Ready && v.RuntimeStatus == "Completed" && v.Timeline.Count > ready.Timeline.Count);
        using HttpResponseMessage offboard = await _client.DeleteAsync("/api/onboardings/api-flow", _timeout.Token);
        OnboardingView offboarded = await WaitForStageAsync("api-flow", OnboardingStage.Offboarded);

        Assert.Equal(HttpStatusCode.Accepted, early.StatusCode); // checked against ARM, still Pending, ignored
        Assert.Equal(HttpStatusCode.Accepted, approval.StatusCode);
        Assert.Equal("Approved", ready.Endpoint!.ConnectionStatus.ToString());
        Assert.Equal(2, ready.Probes!.Count);
        Assert.All(ready.Probes, p => Assert.Equal(ProbeStatus.Succeeded, p.Status));
        Assert.Equal(["lake1.blob.core.windows.net", "lake1.dfs.core.windows.net"], ready.Endpoints!.Select(e => e.HostName));
        Assert.Equal(HttpStatusCode.Conflict, lateApproval.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, recheck.StatusCode);
        Assert.Equal(OnboardingStage.Ready, rechecked.Stage);
        Assert.Equal(HttpStatusCode.Accepted, offboard.StatusCode);
        Assert.Equal(OnboardingStage.Offboarded, offboarded.Stage);
        Assert.False(_factory.Emulator.PrivateEndpointExists("pe-onboard-api-flow"));
        Assert.False(_factory.Emulator.PrivateEndpointExists("pe-onboard-api-flow-dfs"));
    }

    [Fact]
    public async Task Cancel_WhileWaiting_Returns202AndDeletesEndpoint()
    {
        await PostAsync(Request("api-cancel"));
        await WaitForStageAsync("api-cancel", OnboardingStage.AwaitingApproval);

        using HttpResponseMessage cancel = await _client.PostAsync("/api/onboardings/api-cancel/cancel", null, _timeout.Token);
        OnboardingView cancelled = await WaitForStageAsync("api-cancel", OnboardingStage.Cancelled);
        using HttpResponseMessage again = await _client.PostAsync("/api/onboardings/api-cancel/cancel", null, _timeout.Token);
        using HttpResponseMessage recheck = await _client.PostAsync("/api/onboardings/api-cancel/recheck", null, _timeout.Token);

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal(OnboardingStage.Cancelled, cancelled.Stage);
        Assert.False(_factory.Emulator.PrivateEndpointExists("pe-onboard-api-cancel"));
        Assert.False(_factory.Emulator.PrivateEndpointExists("pe-onboard-api-cancel-dfs"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, recheck.StatusCode);
    }

    [Fact]
    public async Task List_ByStageWithSmallPages_PagesThroughEveryMatch()
    {
        foreach (string id in new[] { "api-list-a", "api-list-b", "api-list-c" })
        {
            await PostAsync(Request(id));
            await WaitForStageAsync(id, OnboardingStage.AwaitingApproval);
        }

        var found = new List<string>();
        string? token = null;
        int pages = 0;
        do
        {
            string url = "/api/onboardings?stage=awaitingapproval&pageSize=1" + (token is null ? string.Empty : $"&continuationToken={Uri.EscapeDataString(token)}");
            OnboardingPage page = (await _client.GetFromJsonAsync<OnboardingPage>(url, OnboardingJson.Options, _timeout.Token))!;
            found.AddRange(page.Items.Select(i => i.DestinationId));
            Assert.All(page.Items, i => Assert.Equal(OnboardingStage.AwaitingApproval, i.Stage));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null && pages < 100);

        Assert.Subset(found.ToHashSet(), new HashSet<string> { "api-list-a", "api-list-b", "api-list-c" });
        Assert.True(pages >= 3);
    }

    [Theory]
    [InlineData("?stage=Nope", "stage")]
    [InlineData("?pageSize=0", "pageSize")]
    [InlineData("?pageSize=abc", "pageSize")]
    public async Task List_BadQuery_Returns400NamingParameter(string query, string field)
    {
        using HttpResponseMessage response = await _client.GetAsync("/api/onboardings" + query, _timeout.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey(field));
    }

    [Fact]
    public async Task OpenApi_Document_DescribesEveryRoute()
    {
        JsonObject document = (await _client.GetFromJsonAsync<JsonObject>("/openapi/v1.json", _timeout.Token))!;

        JsonObject paths = document["paths"]!.AsObject();
        Assert.Equal(
            ["/api/onboardings", "/api/onboardings/{destinationId}", "/api/onboardings/{destinationId}/approval", "/api/onboardings/{destinationId}/cancel", "/api/onboardings/{destinationId}/recheck"],
            paths.Select(p => p.Key).Where(p => p.StartsWith("/api/onboardings", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["Bearer"]!["scheme"]!.GetValue<string>());
        Assert.True(document["security"]!.AsArray()[0]!.AsObject().ContainsKey("Bearer"));
    }

    [Fact]
    public async Task Healthz_Returns200()
    {
        using HttpResponseMessage response = await _client.GetAsync("/healthz", _timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static JsonObject Request(string destinationId) => new()
    {
        ["destinationId"] = destinationId,
        ["destinationType"] = "AzureDataLakeStorage",
        ["targetResourceId"] = RunnerFactory.StorageTarget,
        ["hostName"] = "lake1.dfs.core.windows.net",
        ["ticketId"] = "SUP-1",
        ["approvalTimeout"] = "PT1H",
    };

    private Task<HttpResponseMessage> PostAsync(JsonObject body) =>
        _client.PostAsync("/api/onboardings", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), _timeout.Token);

    // A final stage counts once the workflow has also finished publishing it (runtime status Completed).
    private Task<OnboardingView> WaitForStageAsync(string destinationId, OnboardingStage stage) =>
        _client.WaitForStageAsync(destinationId, stage, _timeout.Token);

    private Task<OnboardingView> WaitForAsync(string destinationId, Func<OnboardingView, bool> condition) =>
        _client.WaitForViewAsync(destinationId, condition, _timeout.Token);
}
