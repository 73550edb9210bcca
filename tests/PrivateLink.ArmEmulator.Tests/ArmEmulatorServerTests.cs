using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;

namespace PrivateLink.ArmEmulator.Tests;

/// <summary>The emulator's REST shapes on its defaults (recorded reality), spoken with a plain HttpClient that trusts its certificate by thumbprint, on a fake clock.</summary>
public sealed partial class ArmEmulatorServerTests : IAsyncLifetime
{
    private const string Network = "api-version=2024-05-01";
    private readonly CancellationToken timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private ArmEmulatorServer sut = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        sut = await ArmEmulatorServer.StartAsync(new ArmEmulatorOptions { PageSize = 2 }, clock, timeout);
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
    public async Task PutPrivateEndpoint_New_Answers201UpdatingWithSignedStatusOnlyOperationThatEndsAfterItsDuration()
    {
        string target = SeedSql();

        using HttpResponseMessage put = await PutEndpointAsync("pe-1", target);
        using JsonDocument created = JsonDocument.Parse(await put.Content.ReadAsStringAsync(timeout));
        Uri operation = put.Headers.GetValues("Azure-AsyncOperation").Select(v => new Uri(v)).Single();
        using HttpResponseMessage early = await client.GetAsync(operation.PathAndQuery, timeout);
        string first = await StatusAsync(operation);
        clock.Advance(TimeSpan.FromSeconds(40));
        string second = await StatusAsync(operation);
        using JsonDocument endpoint = await GetJsonAsync(PeUrl("pe-1"));

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.False(put.Headers.Contains("Location"));
        Assert.False(put.Headers.Contains("Retry-After"));
        Assert.Equal("Updating", created.RootElement.GetProperty("properties").GetProperty("provisioningState").GetString());
        Assert.Equal(sut.BaseAddress.Authority, operation.Authority);
        Assert.Matches(OperationUrl(), operation.PathAndQuery);
        Assert.False(early.Headers.Contains("Retry-After"));
        Assert.Equal("""{"status":"InProgress"}""", await early.Content.ReadAsStringAsync(timeout));
        Assert.Equal(["InProgress", "Succeeded"], [first, second]);
        JsonElement properties = endpoint.RootElement.GetProperty("properties");
        Assert.Equal("Succeeded", properties.GetProperty("provisioningState").GetString());
        JsonElement state = properties.GetProperty("manualPrivateLinkServiceConnections")[0].GetProperty("properties").GetProperty("privateLinkServiceConnectionState");
        Assert.Equal("Pending", state.GetProperty("status").GetString());
        Assert.Equal(string.Empty, state.GetProperty("description").GetString());
        Assert.Equal(0, properties.GetProperty("ipConfigurations").GetArrayLength());
        Assert.Equal(0, properties.GetProperty("customDnsConfigs").GetArrayLength());
        Assert.Equal(1, sut.CreatedCount("pe-1"));
    }

    [Fact]
    public async Task PutConnection_CustomerApproves_EndpointShowsApprovedAfterTheLagAndDnsConfigsLater()
    {
        string target = SeedSql();
        using HttpResponseMessage put = await PutEndpointAsync("pe-1", target);
        clock.Advance(TimeSpan.FromMinutes(1));
        string connection = $"{target}/privateEndpointConnections/{sut.GetTargetConnectionName("pe-1")}?api-version=2023-08-01";
        using var body = new StringContent("""{"properties":{"privateLinkServiceConnectionState":{"status":"Approved","description":"ok"}}}""", Encoding.UTF8, "application/json");

        using HttpResponseMessage approved = await client.PutAsync(connection, body, timeout);
        string? right = sut.GetConnectionStatus("pe-1");
        clock.Advance(TimeSpan.FromSeconds(2));
        string? later = sut.GetConnectionStatus("pe-1");
        int dnsBefore = (await GetJsonAsync(PeUrl("pe-1"))).RootElement.GetProperty("properties").GetProperty("customDnsConfigs").GetArrayLength();
        clock.Advance(TimeSpan.FromSeconds(10));
        using JsonDocument endpoint = await GetJsonAsync(PeUrl("pe-1"));

        Assert.Equal(HttpStatusCode.Accepted, approved.StatusCode);
        Assert.True(approved.Headers.Contains("Azure-AsyncOperation"));
        Assert.True(approved.Headers.Contains("Location"));
        Assert.Matches("^pe-1-[0-9a-f-]{36}$", sut.GetTargetConnectionName("pe-1"));
        Assert.Equal((string?[])["Pending", "Approved"], new[] { right, later });
        Assert.Equal(0, dnsBefore);
        JsonElement dns = endpoint.RootElement.GetProperty("properties").GetProperty("customDnsConfigs")[0];
        Assert.Equal("sql-c.database.windows.net", dns.GetProperty("fqdn").GetString());
        Assert.Equal("10.0.0.4", dns.GetProperty("ipAddresses")[0].GetString());
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

        clock.Advance(TimeSpan.FromMinutes(1));

        using HttpResponseMessage deleted = await client.DeleteAsync(PeUrl("pe-1"), timeout);
        Uri operation = new(deleted.Headers.GetValues("Azure-AsyncOperation").Single());
        clock.Advance(TimeSpan.FromMinutes(1));
        await StatusAsync(operation);
        using HttpResponseMessage again = await client.DeleteAsync(PeUrl("pe-1"), timeout);

        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        Assert.False(deleted.Headers.Contains("Location"));
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
        string sql = SeedSql(TargetAccess.Readable);
        string pls = sut.ResourceId("rg-c", "Microsoft.Network/privateLinkServices", "pls");
        sut.SeedPrivateLinkService(pls, "alias", access: TargetAccess.Readable);

        using JsonDocument list = await GetJsonAsync($"{sql}/privateLinkResources?api-version=2023-08-01");
        using HttpResponseMessage none = await client.GetAsync($"{pls}/privateLinkResources?{Network}", timeout);

        Assert.Equal("sqlServer", list.RootElement.GetProperty("value")[0].GetProperty("properties").GetProperty("groupId").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
    }

    [Fact]
    public async Task Fault_CountTwo_AppliesTwiceThenPassesThrough()
    {
        string target = SeedSql(TargetAccess.Readable);
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
        string target = SeedSql(TargetAccess.Readable);
        ArmFaultRule rule = sut.AddFault(new ArmFaultRule { PathPattern = ".*", StatusCode = 500, Probability = 0 });

        using HttpResponseMessage response = await client.GetAsync($"{target}?api-version=2023-08-01", timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, rule.Applied);
    }

    [Fact]
    public async Task NetworkInterface_FixedPrivateIp_UsesConfiguredAddress()
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
            string nic = body.RootElement.GetProperty("properties").GetProperty("networkInterfaces")[0].GetProperty("id").GetString()!;
            using HttpResponseMessage nicResponse = await demoClient.GetAsync($"{nic}?{Network}", timeout);
            using JsonDocument nicBody = JsonDocument.Parse(await nicResponse.Content.ReadAsStringAsync(timeout));
            ip = nicBody.RootElement.GetProperty("properties").GetProperty("ipConfigurations")[0].GetProperty("properties").GetProperty("privateIPAddress").GetString();
        }

        Assert.Equal("127.0.0.1", ip);
    }

    private string SeedSql(TargetAccess access = TargetAccess.OtherTenant)
    {
        string id = sut.ResourceId("rg-c", "Microsoft.Sql/servers", "sql-c");
        sut.SeedTarget(id, access: access);
        return id;
    }

    [GeneratedRegex(@"^/subscriptions/[0-9a-f-]{36}/providers/Microsoft\.Network/locations/eastus/operations/[0-9a-f-]{36}\?api-version=2022-01-01&t=\d+&c=[\w-]+&s=[\w-]+&h=[\w-]+$")]
    private static partial Regex OperationUrl();

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
