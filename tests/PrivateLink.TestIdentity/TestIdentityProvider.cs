using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using PrivateLink.Api.Security;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace PrivateLink.TestIdentity;

/// <summary>
/// A real OpenID provider (OpenIddict server) on https://127.0.0.1 with a certificate from a CA made for the run: discovery document,
/// JWKS and the client-credentials flow, signing JWT access tokens with its own RSA keys. Clients are registered on the fly with the
/// roles, object id and tenant their tokens carry.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    /// <summary>The audience the runner under test is configured with.</summary>
    public const string Audience = "api://privatelink-onboarding-tests";

    /// <summary>The operator console's public client id (authorization code + PKCE, no secret).</summary>
    public const string ConsoleClientId = "operator-console";

    /// <summary>The tenant the runner under test is configured with.</summary>
    public const string TenantId = "11111111-2222-3333-4444-555555555555";

    private static readonly SemaphoreSlim SharedLock = new(1, 1);
    private static TestIdentityProvider? _shared;

    private readonly ConcurrentDictionary<string, TestClient> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TestClient> _users = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _consoleRedirects = new(StringComparer.Ordinal);
    private readonly HttpClient _http;
    private WebApplication _app;

    private TestIdentityProvider(WebApplication app, TestCertificateAuthority ca, int port, IReadOnlyList<RsaSecurityKey> keys)
    {
        _app = app;
        Ca = ca;
        Port = port;
        SigningKeys = keys;
        _http = new HttpClient(CreateBackchannel()) { BaseAddress = Issuer };
    }

    /// <summary>Gets the issuer (and authority) URL.</summary>
    public Uri Issuer => new($"https://127.0.0.1:{Port}/");

    /// <summary>Gets the port it listens on.</summary>
    public int Port { get; }

    /// <summary>Gets the CA that issued its TLS certificate.</summary>
    public TestCertificateAuthority Ca { get; }

    /// <summary>Gets its signing keys; the first one signs.</summary>
    public IReadOnlyList<RsaSecurityKey> SigningKeys { get; private set; }

    /// <summary>Gets the runner settings that trust this provider.</summary>
    public IReadOnlyDictionary<string, string?> RunnerSettings => new Dictionary<string, string?>
    {
        ["Authentication:Authority"] = Issuer.ToString(),
        ["Authentication:Audience"] = Audience,
        ["Authentication:TenantId"] = TenantId,
        ["Authentication:DevelopmentIssuer"] = "false",
        ["Authentication:ConsoleClientId"] = ConsoleClientId,
    };

    /// <summary>Gets the TLS certificate it serves (a browser test pins its key).</summary>
    public X509Certificate2 ServerCertificate { get; private set; } = null!;

    /// <summary>Registers an operator who can sign in on the provider's page, and the console's redirect URI.</summary>
    /// <param name="userName">What the operator types on the sign-in page.</param>
    /// <param name="user">What the operator's tokens carry.</param>
    /// <param name="consoleRedirectUri">The console's redirect URI (the runner's <c>/</c>).</param>
    public void RegisterOperator(string userName, TestClient user, Uri consoleRedirectUri)
    {
        ArgumentNullException.ThrowIfNull(consoleRedirectUri);
        _users[userName] = user;
        _consoleRedirects[consoleRedirectUri.ToString()] = true;
    }

    /// <summary>Gets the provider shared by every test of the process (started on first use).</summary>
    /// <returns>The provider.</returns>
    public static async Task<TestIdentityProvider> SharedAsync()
    {
        await SharedLock.WaitAsync();
        try
        {
            return _shared ??= await StartAsync();
        }
        finally
        {
            SharedLock.Release();
        }
    }

    /// <summary>Starts a provider of its own (key rotation, wrong issuer).</summary>
    /// <param name="port">The port, or 0 for a free one.</param>
    /// <param name="keys">The signing keys (the first signs), or null for a new one.</param>
    /// <param name="ca">The CA for its TLS certificate, or null for a new one.</param>
    /// <returns>The started provider.</returns>
    public static async Task<TestIdentityProvider> StartAsync(int port = 0, IReadOnlyList<RsaSecurityKey>? keys = null, TestCertificateAuthority? ca = null)
    {
        ca ??= TestCertificateAuthority.Create();
        keys ??= [NewKey()];
        port = port == 0 ? FreePort() : port;
        TestIdentityProvider? self = null;
        X509Certificate2 serverCertificate = ca.IssueServerCertificate();
        WebApplication app = Build(port, keys, serverCertificate, () => self!);
        await app.StartAsync();
        self = new TestIdentityProvider(app, ca, port, keys) { ServerCertificate = serverCertificate };
        return self;
    }

    /// <summary>Makes a new RSA signing key with a key id.</summary>
    /// <returns>The key.</returns>
    public static RsaSecurityKey NewKey() => new(RSA.Create(2048)) { KeyId = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)) };

    /// <summary>Restarts on the same port and issuer with other signing keys (key rotation: the first one signs from now on).</summary>
    /// <param name="keys">The new keys.</param>
    /// <returns>A task.</returns>
    public async Task RotateAsync(IReadOnlyList<RsaSecurityKey> keys)
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = Build(Port, keys, ServerCertificate, () => this);
        await _app.StartAsync();
        SigningKeys = keys;
    }

    /// <summary>Gets a token through the client-credentials flow for a client with these roles.</summary>
    /// <param name="roles">The app roles (none for a caller without roles).</param>
    /// <returns>The access token.</returns>
    public Task<string> GetTokenAsync(params string[] roles) => GetTokenAsync(new TestClient(roles));

    /// <summary>Gets a token through the client-credentials flow for a client described by <paramref name="client"/>.</summary>
    /// <param name="client">What the token carries.</param>
    /// <returns>The access token.</returns>
    public async Task<string> GetTokenAsync(TestClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        string clientId = "client-" + Guid.NewGuid().ToString("N");
        string secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        _clients[clientId] = client with { Secret = secret };
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = GrantTypes.ClientCredentials,
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        });
        using HttpResponseMessage response = await _http.PostAsync("connect/token", form);
        string body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"token endpoint answered {(int)response.StatusCode}: {body}");
        }

        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>An HTTP handler that trusts exactly this provider's CA (for the runner's metadata and JWKS requests).</summary>
    /// <returns>The handler.</returns>
    public HttpMessageHandler CreateBackchannel() => Ca.CreateTrustingHandler();

    /// <summary>Points a runner's JwtBearer backchannel at this provider's CA and makes it notice rotated keys within a second.</summary>
    /// <param name="services">The runner's services.</param>
    public void ConfigureRunner(IServiceCollection services)
    {
        // Configure (not PostConfigure): the handler builds its metadata client from these in its own post-configure step.
        services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt =>
        {
            jwt.BackchannelHttpHandler = CreateBackchannel();
            jwt.RefreshInterval = TimeSpan.FromSeconds(1);
        });
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static WebApplication Build(int port, IReadOnlyList<RsaSecurityKey> keys, X509Certificate2 serverCertificate, Func<TestIdentityProvider> self)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddCors();
        builder.Services.AddAuthorization();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificate = serverCertificate })));
        builder.Services.AddOpenIddict().AddServer(server =>
        {
            server.SetIssuer(new Uri($"https://127.0.0.1:{port}/"));
            server.SetTokenEndpointUris("connect/token");
            server.SetAuthorizationEndpointUris("connect/authorize");
            server.AllowClientCredentialsFlow();
            server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            server.RegisterScopes(Scopes.OpenId, Audience + "/.default");
            server.EnableDegradedMode();
            server.DisableAccessTokenEncryption();
            foreach (RsaSecurityKey key in keys)
            {
                server.AddSigningKey(key);
            }

            server.AddEphemeralEncryptionKey();
            server.UseAspNetCore().EnableAuthorizationEndpointPassthrough();
            server.AddEventHandler<OpenIddictServerEvents.ValidateAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                // Degraded mode: only the console, only to a registered redirect URI.
                if (context.ClientId != ConsoleClientId || context.RedirectUri is null || !self()._consoleRedirects.ContainsKey(context.RedirectUri))
                {
                    context.Reject(Errors.InvalidClient, "Unknown client or redirect URI.");
                }

                return default;
            }));
            server.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                // Degraded mode: this provider checks each client's secret itself; the console is a public client redeeming a code (PKCE checked by OpenIddict).
                if (context.Request.IsAuthorizationCodeGrantType() && context.ClientId == ConsoleClientId && context.ClientSecret is null)
                {
                    return default;
                }

                if (context.ClientId is null || !self()._clients.TryGetValue(context.ClientId, out TestClient? client)
                    || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(client.Secret ?? "-"), System.Text.Encoding.UTF8.GetBytes(context.ClientSecret ?? string.Empty)))
                {
                    context.Reject(Errors.InvalidClient, "Unknown client or wrong secret.");
                }

                return default;
            }));
            server.AddEventHandler<OpenIddictServerEvents.HandleTokenRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.Request.IsAuthorizationCodeGrantType())
                {
                    return default; // the principal of the code, attached by OpenIddict
                }

                TestClient client = self()._clients[context.Request.ClientId!];
                var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
                identity.SetClaim(Claims.Subject, client.ObjectId ?? context.Request.ClientId);
                if (client.ObjectId is not null)
                {
                    identity.SetClaim(CallerActor.ObjectIdClaim, client.ObjectId);
                }

                identity.SetClaim("azp", context.Request.ClientId);
                identity.SetClaim("tid", client.TenantId ?? TenantId);
                if (client.DisplayName is not null)
                {
                    identity.SetClaim(Claims.Name, client.DisplayName);
                }

                identity.SetClaims(OnboardingRoles.ClaimType, [.. client.Roles]);
                identity.SetAudiences(client.Audience ?? Audience);
                identity.SetDestinations(static _ => [Destinations.AccessToken]);
                context.SignIn(new ClaimsPrincipal(identity));
                return default;
            }));
        });
        WebApplication app = builder.Build();
        app.UseCors(cors => cors.AllowAnyOrigin().AllowAnyHeader().WithMethods("GET", "POST"));
        app.UseAuthentication();
        app.UseAuthorization();

        // The sign-in page: a form re-posting the authorization request with the operator's user name.
        app.MapGet("/connect/authorize", (HttpContext context) =>
        {
            var html = new System.Text.StringBuilder("<!doctype html><html><head><title>Test identity provider</title></head><body><h1>Sign in</h1><form method=\"post\" action=\"/connect/authorize\">");
            foreach ((string key, Microsoft.Extensions.Primitives.StringValues value) in context.Request.Query)
            {
                html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode(key)}\" value=\"{WebUtility.HtmlEncode(value.ToString())}\">");
            }

            html.Append("<label>User name <input id=\"username\" name=\"username\" autocomplete=\"off\"></label><button id=\"submit\" type=\"submit\">Sign in</button></form></body></html>");
            return Results.Content(html.ToString(), "text/html");
        });
        app.MapPost("/connect/authorize", async (HttpContext context) =>
        {
            OpenIddictRequest request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("no OpenID request");
            IFormCollection form = await context.Request.ReadFormAsync();
            if (!self()._users.TryGetValue(form["username"].ToString(), out TestClient? user) || user.ObjectId is null)
            {
                return Results.Content("<!doctype html><p id=\"error\">Unknown user.</p>", "text/html", statusCode: 401);
            }

            var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, user.ObjectId);
            identity.SetClaim(CallerActor.ObjectIdClaim, user.ObjectId);
            identity.SetClaim("tid", user.TenantId ?? TenantId);
            identity.SetClaim(Claims.Name, user.DisplayName);
            identity.SetClaim("azp", ConsoleClientId);
            identity.SetClaims(OnboardingRoles.ClaimType, [.. user.Roles]);
            identity.SetScopes(request.GetScopes());
            identity.SetAudiences(Audience);
            identity.SetDestinations(static claim => claim.Type is Claims.Name or Claims.Subject
                ? [Destinations.AccessToken, Destinations.IdentityToken]
                : [Destinations.AccessToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });
        return app;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>What a test client's tokens carry.</summary>
/// <param name="Roles">The app roles.</param>
public sealed record TestClient(IReadOnlyList<string> Roles)
{
    /// <summary>Gets the object id (oid); null for a token without one.</summary>
    public string? ObjectId { get; init; } = Guid.NewGuid().ToString();

    /// <summary>Gets the display name.</summary>
    public string? DisplayName { get; init; } = "Test caller";

    /// <summary>Gets the tenant (tid); null for the configured one.</summary>
    public string? TenantId { get; init; }

    /// <summary>Gets the audience; null for the configured one.</summary>
    public string? Audience { get; init; }

    internal string? Secret { get; init; }
}
