using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PrivateLink.Api.Security;
using PrivateLink.Api.Tests.Http;
using PrivateLink.TestIdentity;

namespace PrivateLink.Api.Tests.Security;

/// <summary>The runner against a real OpenID provider on loopback: discovery, JWKS, signed tokens, roles per route.</summary>
public sealed class RunnerAuthenticationTests(RunnerFactory factory) : IClassFixture<RunnerFactory>
{
    // Anonymous by design: liveness, the three signed webhooks, the console's static files (they hold no data) and its sign-in
    // settings (the public authority, client id and scope the page needs before it has a token).
    private static readonly HashSet<string> AnonymousRoutes = new(StringComparer.Ordinal)
    {
        "GET /healthz", "POST /api/webhooks/tickets", "POST /api/webhooks/zendesk", "POST /api/webhooks/jira", "GET /", "GET /console/{*path}", "GET /console/settings.json",
    };

    public static TheoryData<string, string, string> Routes => new()
    {
        { "GET", "/api/onboardings", OnboardingRoles.Read },
        { "GET", "/api/onboardings/dst-auth-1", OnboardingRoles.Read },
        { "POST", "/api/onboardings", OnboardingRoles.Submit },
        { "POST", "/api/onboardings/dst-auth-1/approval", OnboardingRoles.Operate },
        { "POST", "/api/onboardings/dst-auth-1/cancel", OnboardingRoles.Operate },
        { "POST", "/api/onboardings/dst-auth-1/recheck", OnboardingRoles.Operate },
        { "DELETE", "/api/onboardings/dst-auth-1", OnboardingRoles.Offboard },
        { "GET", "/openapi/v1.json", OnboardingRoles.Read },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_WithoutToken_Is401(string method, string path, string role)
    {
        Assert.NotEmpty(role);
        using HttpClient anonymous = factory.CreateClient();
        anonymous.DefaultRequestHeaders.Authorization = null;
        using HttpResponseMessage response = await anonymous.SendAsync(Request(method, path));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_WithOtherRolesOnly_Is403_WithItsRole_IsNotRefused(string method, string path, string role)
    {
        string[] others = [.. OnboardingRoles.All.Where(r => r != role)];
        using HttpClient wrong = await factory.CreateClientWithRolesAsync(path.StartsWith("/openapi", StringComparison.Ordinal) ? [] : others);
        using HttpClient right = await factory.CreateClientWithRolesAsync(role);

        using HttpResponseMessage refused = await wrong.SendAsync(Request(method, path));
        using HttpResponseMessage allowed = await right.SendAsync(Request(method, path));

        if (path.StartsWith("/openapi", StringComparison.Ordinal))
        {
            // OpenAPI needs an authenticated caller, not a role.
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        // Past authorization the handler answers for itself: 2xx, or 400/404/409 about the (empty or unknown) request — never 401/403.
        Assert.DoesNotContain(allowed.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
        Assert.True((int)allowed.StatusCode < 500, $"{method} {path}: {(int)allowed.StatusCode}");
    }

    [Fact]
    public async Task List_WithReadRole_Is200()
    {
        using HttpClient reader = await factory.CreateClientWithRolesAsync(OnboardingRoles.Read);
        using HttpResponseMessage response = await reader.GetAsync("/api/onboardings");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {response.Headers.WwwAuthenticate}");
    }

    [Fact]
    public async Task Token_WithoutObjectId_Is403()
    {
        string token = await factory.Identity.GetTokenAsync(new TestClient([OnboardingRoles.Read]) { ObjectId = null });
        Assert.Equal(HttpStatusCode.Forbidden, await GetListAsync(token));
    }

    [Fact]
    public async Task Token_ForAnotherAudience_Is401()
    {
        string token = await factory.Identity.GetTokenAsync(new TestClient([OnboardingRoles.Read]) { Audience = "api://some-other-api" });
        Assert.Equal(HttpStatusCode.Unauthorized, await GetListAsync(token));
    }

    [Fact]
    public async Task Token_FromAnotherTenant_Is401()
    {
        string token = await factory.Identity.GetTokenAsync(new TestClient([OnboardingRoles.Read]) { TenantId = "99999999-9999-9999-9999-999999999999" });
        Assert.Equal(HttpStatusCode.Unauthorized, await GetListAsync(token));
    }

    [Fact]
    public async Task Token_FromAnotherIssuer_Is401()
    {
        await using TestIdentityProvider other = await TestIdentityProvider.StartAsync();
        string token = await other.GetTokenAsync(OnboardingRoles.Read);
        Assert.Equal(HttpStatusCode.Unauthorized, await GetListAsync(token));
    }

    [Fact]
    public async Task Token_Forged_Is401()
    {
        // The provider's real token with its payload swapped for one granting every role: the signature no longer matches.
        string real = await factory.Identity.GetTokenAsync(OnboardingRoles.Read);
        string[] parts = real.Split('.');
        string forgedPayload = Base64UrlEncoder.Encode(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["iss"] = factory.Identity.Issuer.ToString(),
            ["aud"] = TestIdentityProvider.Audience,
            ["tid"] = TestIdentityProvider.TenantId,
            ["oid"] = Guid.NewGuid().ToString(),
            ["roles"] = OnboardingRoles.All,
            ["exp"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(),
        }));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetListAsync($"{parts[0]}.{forgedPayload}.{parts[2]}"));

        // Signed with a key of the attacker's own under the provider's key id.
        RsaSecurityKey attacker = TestIdentityProvider.NewKey();
        attacker.KeyId = factory.Identity.SigningKeys[0].KeyId;
        Assert.Equal(HttpStatusCode.Unauthorized, await GetListAsync(Sign(attacker, DateTime.UtcNow.AddHours(1))));
    }

    [Fact]
    public async Task Token_Expired_Is401_SameTokenUnexpired_Is200()
    {
        // Signed with the provider's own key (so only the lifetime differs), expired beyond the clock skew.
        Assert.Equal(HttpStatusCode.Unauthorized, await GetListAsync(Sign(factory.Identity.SigningKeys[0], DateTime.UtcNow.AddMinutes(-10))));
        Assert.Equal(HttpStatusCode.OK, await GetListAsync(Sign(factory.Identity.SigningKeys[0], DateTime.UtcNow.AddMinutes(10))));
    }

    [Fact]
    public async Task KeyRotation_NewKeyIsFetchedFromJwks_OldKeyStillAccepted()
    {
        RsaSecurityKey oldKey = TestIdentityProvider.NewKey();
        RsaSecurityKey newKey = TestIdentityProvider.NewKey();
        await using TestIdentityProvider provider = await TestIdentityProvider.StartAsync(keys: [oldKey]);
        await using RunnerFactory runner = await RunnerFactory.StartAsync(provider);
        string beforeRotation = await provider.GetTokenAsync(OnboardingRoles.Read);
        Assert.Equal(HttpStatusCode.OK, await GetListAsync(runner, beforeRotation));

        // The provider now signs with a new key and publishes both; the runner has only the old one cached.
        await provider.RotateAsync([newKey, oldKey]);
        string afterRotation = await provider.GetTokenAsync(OnboardingRoles.Read);
        Assert.Contains(newKey.KeyId!, System.Text.Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(afterRotation.Split('.')[0])), StringComparison.Ordinal);

        // An unknown key id makes the handler refresh the JWKS (at most once a second here); the token is then accepted.
        HttpStatusCode status = HttpStatusCode.Unauthorized;
        for (int attempt = 0; attempt < 30 && status != HttpStatusCode.OK; attempt++)
        {
            status = await GetListAsync(runner, afterRotation);
            if (status != HttpStatusCode.OK)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500));
            }
        }

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.OK, await GetListAsync(runner, beforeRotation));
    }

    [Fact]
    public void EveryEndpoint_OutsideTheAnonymousList_RequiresAuthorization()
    {
        EndpointDataSource endpoints = factory.Services.GetRequiredService<EndpointDataSource>();
        var seen = new List<string>();
        foreach (RouteEndpoint endpoint in endpoints.Endpoints.OfType<RouteEndpoint>())
        {
            string methods = string.Join(",", endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"]);
            string route = "/" + (endpoint.RoutePattern.RawText ?? string.Empty).TrimStart('/');
            string name = $"{methods} {route}";
            seen.Add(name);
            bool anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            if (AnonymousRoutes.Contains(name))
            {
                Assert.True(anonymous, $"{name} is listed as anonymous but is not");
                continue;
            }

            Assert.False(anonymous, $"{name} allows anonymous callers but is not in the anonymous list");
            bool hasPolicy = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any();
            bool isApi = route.StartsWith("/api/", StringComparison.Ordinal);
            Assert.True(hasPolicy || !isApi, $"{name} has no authorization metadata (every API route must name its role)");
        }

        Assert.Contains("GET /openapi/{documentName}.json", seen);
        Assert.Superset(new HashSet<string>(AnonymousRoutes), new HashSet<string>(seen.Where(AnonymousRoutes.Contains)));
    }

    private Task<HttpStatusCode> GetListAsync(string token) => GetListAsync(factory, token);

    private static async Task<HttpStatusCode> GetListAsync(RunnerFactory runner, string token)
    {
        using HttpClient client = runner.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using HttpResponseMessage response = await client.GetAsync("/api/onboardings");
        return response.StatusCode;
    }

    private string Sign(SecurityKey key, DateTime expires) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = factory.Identity.Issuer.ToString(),
        Audience = TestIdentityProvider.Audience,
        Subject = new ClaimsIdentity([new Claim("oid", Guid.NewGuid().ToString()), new Claim("tid", TestIdentityProvider.TenantId), new Claim("roles", OnboardingRoles.Read)]),
        IssuedAt = expires.AddHours(-1),
        NotBefore = expires.AddHours(-1),
        Expires = expires,
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
    });

    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method == "GET" ? null : new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
    };
}
