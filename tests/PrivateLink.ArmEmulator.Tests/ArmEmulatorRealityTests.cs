using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace PrivateLink.ArmEmulator.Tests;

/// <summary>Each behaviour of real ARM the emulator has by default (as the recorded ARM sessions show it behaves), on a fake clock.</summary>
public sealed class ArmEmulatorRealityTests : IAsyncLifetime
{
    private const string Network = "api-version=2024-05-01";
    private readonly CancellationToken timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private ArmEmulatorServer sut = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        sut = await ArmEmulatorServer.StartAsync(new ArmEmulatorOptions(), clock, timeout);
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

    [Theory]
    [InlineData(TargetAccess.OtherTenant, 401, "InvalidAuthenticationTokenTenant")]
    [InlineData(TargetAccess.NoRole, 403, "AuthorizationFailed")]
    [InlineData(TargetAccess.Readable, 200, null)]
    public async Task GetTarget_ByAccess_AnswersAsArmDoes(TargetAccess access, int status, string? code)
    {
        string id = sut.ResourceId("rg-c", "Microsoft.Sql/servers", "sql-c");
        sut.SeedTarget(id, access: access);

        using HttpResponseMessage target = await client.GetAsync($"{id}?api-version=2023-08-01", timeout);
        using HttpResponseMessage links = await client.GetAsync($"{id}/privateLinkResources?api-version=2023-08-01", timeout);

        Assert.Equal(status, (int)target.StatusCode);
        Assert.Equal(status, (int)links.StatusCode);
        Assert.Equal(code, await ErrorCodeAsync(target));
    }

    [Fact]
    public async Task GetTarget_Missing_AnswersResourceNotFoundOrResourceGroupNotFound()
    {
        sut.SeedTarget(sut.ResourceId("rg-c", "Microsoft.Sql/servers", "sql-c"));

        using HttpResponseMessage missing = await client.GetAsync($"{sut.ResourceId("rg-c", "Microsoft.Sql/servers", "absent")}?api-version=2023-08-01", timeout);
        using HttpResponseMessage noGroup = await client.GetAsync($"{sut.ResourceId("rg-absent", "Microsoft.Sql/servers", "absent")}?api-version=2023-08-01", timeout);

        Assert.Equal(404, (int)missing.StatusCode);
        Assert.Equal("ResourceNotFound", await ErrorCodeAsync(missing));
        Assert.Equal("ResourceGroupNotFound", await ErrorCodeAsync(noGroup));
    }

    [Fact]
    public async Task Request_UnknownApiVersion_Answers400InvalidApiVersionParameter()
    {
        using HttpResponseMessage response = await client.GetAsync(PeUrl("pe-1").Replace(Network, "api-version=2019-01-01", StringComparison.Ordinal), timeout);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("InvalidApiVersionParameter", await ErrorCodeAsync(response));
    }

    [Fact]
    public async Task Operation_InjectedFailures_EndWithStatusAndErrorOnly()
    {
        string target = SeedSql();
        sut.AddFault(ArmFaultRule.FailProvisioning("pe-1$", "RetryableError", count: 1));
        sut.AddFault(ArmFaultRule.FailProvisioning("pe-2$", "Canceled", count: 1));

        Uri first = await CreateAsync("pe-1", target);
        Uri second = await CreateAsync("pe-2", target);
        clock.Advance(TimeSpan.FromMinutes(1));
        using JsonDocument failed = await GetJsonAsync(first.PathAndQuery);
        using JsonDocument canceled = await GetJsonAsync(second.PathAndQuery);

        Assert.Equal(["status", "error"], failed.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Failed", failed.RootElement.GetProperty("status").GetString());
        Assert.Equal("RetryableError", failed.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("Canceled", canceled.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Writes_WhileRunningAndRightAfterCreate_Answer409AnotherOperationInProgress()
    {
        string target = SeedSql();
        await CreateAsync("pe-1", target);

        using HttpResponseMessage during = await PutEndpointAsync("pe-1", target);
        clock.Advance(TimeSpan.FromSeconds(42));
        using HttpResponseMessage after = await client.DeleteAsync(PeUrl("pe-1"), timeout);
        clock.Advance(TimeSpan.FromSeconds(5));
        using HttpResponseMessage later = await client.DeleteAsync(PeUrl("pe-1"), timeout);

        Assert.Equal(409, (int)during.StatusCode);
        Assert.Equal("AnotherOperationInProgress", await ErrorCodeAsync(during));
        Assert.Equal(409, (int)after.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, later.StatusCode);
    }

    [Fact]
    public async Task PrivateLinkService_Approved_NoCustomDnsConfigsButTheNicHasTheAddress()
    {
        string pls = sut.ResourceId("rg-c", "Microsoft.Network/privateLinkServices", "pls");
        sut.SeedPrivateLinkService(pls, "pls.6f0b0f0e-1111-4c4c-9d9d-0123456789ab.eastus.azure.privatelinkservice", fqdns: ["db.internal.example"]);
        await CreateAsync("pe-1", pls, groupId: null);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(sut.ApproveConnection("pe-1"));
        clock.Advance(TimeSpan.FromMinutes(5));

        using JsonDocument endpoint = await GetJsonAsync(PeUrl("pe-1"));
        JsonElement properties = endpoint.RootElement.GetProperty("properties");
        using JsonDocument nic = await GetJsonAsync($"{properties.GetProperty("networkInterfaces")[0].GetProperty("id").GetString()}?{Network}");

        Assert.Equal(0, properties.GetProperty("customDnsConfigs").GetArrayLength());
        Assert.Equal(0, properties.GetProperty("ipConfigurations").GetArrayLength());
        Assert.Equal("10.0.0.4", nic.RootElement.GetProperty("properties").GetProperty("ipConfigurations")[0].GetProperty("properties").GetProperty("privateIPAddress").GetString());
        Assert.Matches("^pe-1\\.[0-9a-f-]{36}$", sut.GetTargetConnectionName("pe-1"));
    }

    [Fact]
    public async Task Alias_VisibilityAndPut_AcceptKnownAliasesOnly()
    {
        const string Alias = "sf-pvlinksvc-azeastus.6f0b0f0e-1111-4c4c-9d9d-0123456789ab.eastus.azure.privatelinkservice";
        sut.SeedPrivateLinkService(sut.ResourceId("rg-sf", "Microsoft.Network/privateLinkServices", "sf"), Alias);

        bool visible = await VisibleAsync(Alias);
        bool unknown = await VisibleAsync(Alias.Replace("6f0b0f0e", "00000000", StringComparison.Ordinal));
        using HttpResponseMessage accepted = await PutEndpointAsync("pe-1", Alias, groupId: null);
        using HttpResponseMessage refused = await PutEndpointAsync("pe-2", Alias.Replace("6f0b0f0e", "00000000", StringComparison.Ordinal), groupId: null);

        Assert.True(visible);
        Assert.False(unknown);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal("InvalidPrivateLinkServiceId", await ErrorCodeAsync(refused));
    }

    [Fact]
    public async Task Connection_RejectedThenApproved_IsRefusedAndARePutKeepsRejected()
    {
        string target = SeedSql();
        await CreateAsync("pe-1", target);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(sut.RejectConnection("pe-1"));
        clock.Advance(TimeSpan.FromSeconds(5));
        string connection = $"{target}/privateEndpointConnections/{sut.GetTargetConnectionName("pe-1")}?api-version=2023-08-01";
        using var approve = new StringContent("""{"properties":{"privateLinkServiceConnectionState":{"status":"Approved"}}}""", Encoding.UTF8, "application/json");

        using HttpResponseMessage refused = await client.PutAsync(connection, approve, timeout);
        using HttpResponseMessage again = await PutEndpointAsync("pe-1", target);

        Assert.Equal(400, (int)refused.StatusCode);
        Assert.Equal("PrivateEndpointConnectionStatusNotPending", await ErrorCodeAsync(refused));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("Rejected", sut.GetConnectionStatus("pe-1"));
    }

    [Fact]
    public async Task CosmosDb_Decision_ShowsOnlyAfterItsLag()
    {
        string cosmos = sut.ResourceId("rg-c", "Microsoft.DocumentDB/databaseAccounts", "cosmos1");
        sut.SeedTarget(cosmos);
        await CreateAsync("pe-1", cosmos, groupId: "Sql");
        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.True(sut.ApproveConnection("pe-1"));

        clock.Advance(TimeSpan.FromSeconds(12));
        string? at12 = sut.GetConnectionStatus("pe-1");
        clock.Advance(TimeSpan.FromSeconds(14));
        string? at26 = sut.GetConnectionStatus("pe-1");

        Assert.Equal((string?[])["Pending", "Approved"], new[] { at12, at26 });
        Assert.Equal("pe-1", sut.GetTargetConnectionName("pe-1"));
    }

    [Fact]
    public async Task ServiceBus_StandardNamespace_RefusesPrivateEndpoints()
    {
        string standard = sut.ResourceId("rg-c", "Microsoft.ServiceBus/namespaces", "sb-std");
        string premium = sut.ResourceId("rg-c", "Microsoft.ServiceBus/namespaces", "sb-prem");
        sut.SeedTarget(standard, skuName: "Standard");
        sut.SeedTarget(premium, skuName: "Premium");

        using HttpResponseMessage refused = await PutEndpointAsync("pe-1", standard, groupId: "namespace");
        using HttpResponseMessage accepted = await PutEndpointAsync("pe-2", premium, groupId: "namespace");

        Assert.Equal(400, (int)refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Matches("^[0-9a-f-]{36}$", sut.GetTargetConnectionName("pe-2"));
    }

    [Fact]
    public async Task Storage_Lrs_ListsTheSixRecordedGroupIds()
    {
        string storage = sut.ResourceId("rg-c", "Microsoft.Storage/storageAccounts", "st1");
        sut.SeedTarget(storage, access: TargetAccess.Readable);

        using JsonDocument list = await GetJsonAsync($"{storage}/privateLinkResources?api-version=2023-05-01");

        Assert.Equal(["blob", "table", "queue", "file", "web", "dfs"], list.RootElement.GetProperty("value").EnumerateArray().Select(v => v.GetProperty("properties").GetProperty("groupId").GetString()));
    }

    private string SeedSql()
    {
        string id = sut.ResourceId("rg-c", "Microsoft.Sql/servers", "sql-c");
        sut.SeedTarget(id);
        return id;
    }

    private string PeUrl(string name) => $"/subscriptions/{sut.SubscriptionId}/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/{name}?{Network}";

    private async Task<Uri> CreateAsync(string name, string target, string? groupId = "sqlServer")
    {
        using HttpResponseMessage put = await PutEndpointAsync(name, target, groupId);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        return new Uri(put.Headers.GetValues("Azure-AsyncOperation").Single());
    }

    private async Task<HttpResponseMessage> PutEndpointAsync(string name, string target, string? groupId = "sqlServer")
    {
        string groups = groupId is null ? string.Empty : ",\"groupIds\":[\"" + groupId + "\"]";
        string json = "{\"location\":\"eastus\",\"properties\":{\"subnet\":{\"id\":\"/subscriptions/" + sut.SubscriptionId
            + "/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s\"},\"manualPrivateLinkServiceConnections\":[{\"name\":\""
            + name + "\",\"properties\":{\"privateLinkServiceId\":\"" + target + "\"" + groups + ",\"requestMessage\":\"please\"}}]}}";
        using var body = new StringContent(json, Encoding.UTF8, "application/json");
        return await client.PutAsync(PeUrl(name), body, timeout);
    }

    private async Task<bool> VisibleAsync(string alias)
    {
        using var body = new StringContent("{\"privateLinkServiceAlias\":\"" + alias + "\"}", Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await client.PostAsync(
            $"/subscriptions/{sut.SubscriptionId}/providers/Microsoft.Network/locations/eastus/checkPrivateLinkServiceVisibility?{Network}", body, timeout);
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout));
        return json.RootElement.GetProperty("visible").GetBoolean();
    }

    private async Task<JsonDocument> GetJsonAsync(string url)
    {
        using HttpResponseMessage response = await client.GetAsync(url, timeout);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout));
    }

    private async Task<string?> ErrorCodeAsync(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync(timeout);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        using JsonDocument body = JsonDocument.Parse(text);
        return body.RootElement.TryGetProperty("error", out JsonElement error) ? error.GetProperty("code").GetString() : null;
    }
}
