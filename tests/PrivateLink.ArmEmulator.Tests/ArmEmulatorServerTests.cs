using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace PrivateLink.ArmEmulator.Tests;

/// <summary>The emulator's REST shapes, spoken with a plain HttpClient that trusts its certificate by thumbprint.</summary>
public sealed class ArmEmulatorServerTests : IAsyncLifetime
{
    private const string Network = "api-version=2024-05-01";
    private readonly CancellationToken timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;
    private ArmEmulatorServer sut = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        sut = await ArmEmulatorServer.StartAsync(new ArmEmulatorOptions { PageSize = 2, PollsUntilTerminal = 2, OperationRetryAfterSeconds = 0 }, timeout);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && certificate.GetCertHashString(HashAlgorithmName.SHA256) == sut.CertificateThumbprint;
        client = new HttpClient(handler) { BaseAddress = sut.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "any");
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await sut.DisposeAsync();
    }

    [Fact]
    public void Certificate_MadeAtStart_NamesLocalhostAndLoopback()
    {
        X509Certificate2 certificate = sut.Certificate;

        Assert.Equal("CN=localhost", certificate.Subject);
        string san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().Format(false);
        Assert.Contains("localhost", san, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", san, StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", sut.BaseAddress.Host);
    }

    [Fact]
    public async Task Request_WithoutBearerToken_Answers401ArmError()
    {
        using var anonymous = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, c, _, _) => c!.GetCertHashString(HashAlgorithmName.SHA256) == sut.CertificateThumbprint },
        });

        using HttpResponseMessage response = await anonymous.GetAsync(new Uri(sut.BaseAddress, PeUrl("pe")), timeout);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("AuthenticationFailed", await ErrorCodeAsync(response));
    }

    [Fact]
    public async Task Request_WithoutApiVersion_Answers400()
    {
        using HttpResponseMessage response = await client.GetAsync($"/subscriptions/{sut.SubscriptionId}/providers/Microsoft.Network/privateEndpoints", timeout);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("MissingApiVersionParameter", await ErrorCodeAsync(response));
    }

    [Fact]
    public async Task PutPrivateEndpoint_New_Answers201WithAsyncOperationThatEndsAfterConfiguredPolls()
    {
        string target = SeedSql();

        using HttpResponseMessage put = await PutEndpointAsync("pe-1", target);
        Uri operation = put.Headers.GetValues("Azure-AsyncOperation").Select(v => new Uri(v)).Single();
        string first = await StatusAsync(operation);
        string second = await StatusAsync(operation);
        using JsonDocument endpoint = await GetJsonAsync(PeUrl("pe-1"));

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(sut.BaseAddress.Authority, operation.Authority);
        Assert.Equal(["InProgress", "Succeeded"], [first, second]);
        JsonElement properties = endpoint.RootElement.GetProperty("properties");
        Assert.Equal("Succeeded", properties.GetProperty("provisioningState").GetString());
        Assert.Equal("Pending", properties.GetProperty("manualPrivateLinkServiceConnections")[0]
            .GetProperty("properties").GetProperty("privateLinkServiceConnectionState").GetProperty("status").GetString());
        Assert.Equal(1, sut.CreatedCount("pe-1"));
    }

    [Fact]
    public async Task PutConnection_CustomerApproves_EndpointShowsApproved()
    {
        string target = SeedSql();
        using HttpResponseMessage put = await PutEndpointAsync("pe-1", target);
        string connection = $"{target}/privateEndpointConnections/{sut.GetTargetConnectionName("pe-1")}?api-version=2023-08-01";
        using var body = new StringContent("""{"properties":{"privateLinkServiceConnectionState":{"status":"Approved","description":"ok"}}}""", Encoding.UTF8, "application/json");

        using HttpResponseMessage approved = await client.PutAsync(connection, body, timeout);

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("Approved", sut.GetConnectionStatus("pe-1"));
    }

    [Fact]
    public async Task PutConnection_InvalidStatus_Answers400WithSqlCode()
    {
        string target = SeedSql();
        using HttpResponseMessage put = await PutEndpointAsync("pe-1", target);
        using var body = new StringContent("""{"properties":{"privateLinkServiceConnectionState":{"status":"Maybe"}}}""", Encoding.UTF8, "application/json");

        using HttpResponseMessage response = await client.PutAsync(
            $"{target}/privateEndpointConnections/{sut.GetTargetConnectionName("pe-1")}?api-version=2023-08-01", body, timeout);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("IncorrectPrivateLinkServiceConnectionStateStatus", await ErrorCodeAsync(response));
    }

    [Fact]
    public async Task DeletePrivateEndpoint_ExistingThenMissing_Answers202Then204()
    {
        string target = SeedSql();
        using HttpResponseMessage put = await PutEndpointAsync("pe-1", target);

        using HttpResponseMessage deleted = await client.DeleteAsync(PeUrl("pe-1"), timeout);
        Uri operation = new(deleted.Headers.GetValues("Azure-AsyncOperation").Single());
        await StatusAsync(operation);
        await StatusAsync(operation);
        using HttpResponseMessage again = await client.DeleteAsync(PeUrl("pe-1"), timeout);

        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.False(sut.PrivateEndpointExists("pe-1"));
    }

    [Fact]
    public async Task ListPrivateEndpoints_FiveWithPageSizeTwo_FollowsThreePages()
    {
        string target = SeedSql();
        sut.SeedPrivateEndpoints("rg", Enumerable.Range(0, 5).Select(i => $"pe-{i}"), target, new Dictionary<string, string>());
        int items = 0, pages = 0;
        string? next = $"/subscriptions/{sut.SubscriptionId}/providers/Microsoft.Network/privateEndpoints?{Network}";

        while (next is not null)
        {
            using JsonDocument page = await GetJsonAsync(next);
            pages++;
            items += page.RootElement.GetProperty("value").GetArrayLength();
            next = page.RootElement.TryGetProperty("nextLink", out JsonElement link) ? link.GetString() : null;
        }

        Assert.Equal(5, items);
        Assert.Equal(3, pages);
        Assert.Equal(3, sut.CountRequests("GET"));
    }

    [Fact]
    public async Task PrivateLinkResources_SqlAndPrivateLinkService_AnswersGroupIdsOr400()
    {
        string sql = SeedSql();
        string pls = sut.ResourceId("rg-c", "Microsoft.Network/privateLinkServices", "pls");
        sut.SeedPrivateLinkService(pls, "alias");

        using JsonDocument list = await GetJsonAsync($"{sql}/privateLinkResources?api-version=2023-08-01");
        using HttpResponseMessage none = await client.GetAsync($"{pls}/privateLinkResources?{Network}", timeout);

        Assert.Equal("sqlServer", list.RootElement.GetProperty("value")[0].GetProperty("properties").GetProperty("groupId").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
    }

    [Fact]
    public async Task Fault_CountTwo_AppliesTwiceThenPassesThrough()
    {
        string target = SeedSql();
        ArmFaultRule rule = sut.AddFault(ArmFaultRule.Throttle("GET", "sql-c$", TimeSpan.FromSeconds(3), count: 2));

        using HttpResponseMessage first = await client.GetAsync($"{target}?api-version=2023-08-01", timeout);
        using HttpResponseMessage second = await client.GetAsync($"{target}?api-version=2023-08-01", timeout);
        using HttpResponseMessage third = await client.GetAsync($"{target}?api-version=2023-08-01", timeout);

        Assert.Equal([429, 429, 200], new[] { first, second, third }.Select(r => (int)r.StatusCode));
        Assert.Equal("3", first.Headers.GetValues("Retry-After").Single());
        Assert.Equal(2, rule.Applied);
    }

    [Fact]
    public async Task Fault_ProbabilityZero_NeverApplies()
    {
        string target = SeedSql();
        ArmFaultRule rule = sut.AddFault(new ArmFaultRule { PathPattern = ".*", StatusCode = 500, Probability = 0 });

        using HttpResponseMessage response = await client.GetAsync($"{target}?api-version=2023-08-01", timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, rule.Applied);
    }

    [Fact]
    public async Task PutPrivateEndpoint_FixedPrivateIp_UsesConfiguredAddress()
    {
        await using ArmEmulatorServer demo = await ArmEmulatorServer.StartAsync(new ArmEmulatorOptions { PrivateIpAddress = "127.0.0.1" }, timeout);
        string target = demo.ResourceId("rg-c", "Microsoft.Sql/servers", "sql-c");
        demo.SeedTarget(target);
        demo.SeedPrivateEndpoints("rg", ["pe-1"], target, new Dictionary<string, string>());

        string? ip = null;
        using (var handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, c, _, _) => c!.GetCertHashString(HashAlgorithmName.SHA256) == demo.CertificateThumbprint } })
        using (var demoClient = new HttpClient(handler) { BaseAddress = demo.BaseAddress })
        {
            demoClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "any");
            using HttpResponseMessage response = await demoClient.GetAsync($"/subscriptions/{demo.SubscriptionId}/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe-1?{Network}", timeout);
            using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout));
            ip = body.RootElement.GetProperty("properties").GetProperty("customDnsConfigs")[0].GetProperty("ipAddresses")[0].GetString();
        }

        Assert.Equal("127.0.0.1", ip);
    }

    private string SeedSql()
    {
        string id = sut.ResourceId("rg-c", "Microsoft.Sql/servers", "sql-c");
        sut.SeedTarget(id);
        return id;
    }

    private string PeUrl(string name) => $"/subscriptions/{sut.SubscriptionId}/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/{name}?{Network}";

    private async Task<HttpResponseMessage> PutEndpointAsync(string name, string target)
    {
        string json = "{\"location\":\"eastus\",\"properties\":{\"subnet\":{\"id\":\"/subscriptions/" + sut.SubscriptionId
            + "/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s\"},\"manualPrivateLinkServiceConnections\":[{\"name\":\""
            + name + "\",\"properties\":{\"privateLinkServiceId\":\"" + target + "\",\"groupIds\":[\"sqlServer\"],\"requestMessage\":\"please\"}}]}}";
        using var body = new StringContent(json, Encoding.UTF8, "application/json");
        return await client.PutAsync(PeUrl(name), body, timeout);
    }

    private async Task<string> StatusAsync(Uri operation)
    {
        using JsonDocument status = await GetJsonAsync(operation.PathAndQuery);
        return status.RootElement.GetProperty("status").GetString()!;
    }

    private async Task<JsonDocument> GetJsonAsync(string url)
    {
        using HttpResponseMessage response = await client.GetAsync(url, timeout);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout));
    }

    private async Task<string?> ErrorCodeAsync(HttpResponseMessage response)
    {
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout));
        return body.RootElement.GetProperty("error").GetProperty("code").GetString();
    }
}
