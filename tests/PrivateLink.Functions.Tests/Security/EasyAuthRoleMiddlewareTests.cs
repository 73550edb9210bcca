using System.Collections.Immutable;
using System.Reflection;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PrivateLink.Api.Security;
using PrivateLink.Functions.Http;
using PrivateLink.Functions.Security;
using PrivateLink.Functions.Tests.Support;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Functions.Tests.Security;

/// <summary>
/// The worker middleware in front of the HTTP functions: roles from Easy Auth's <c>X-MS-CLIENT-PRINCIPAL</c>, trusted only when the
/// platform says Easy Auth is on; health and the signed webhooks anonymous; every other HTTP function declares a role.
/// </summary>
public sealed partial class EasyAuthRoleMiddlewareTests(DurableEngineFixture engine) : IClassFixture<DurableEngineFixture>
{
    private static readonly string[] AnonymousFunctions = ["Health", "TicketWebhook", "ZendeskWebhook", "JiraWebhook"];

    public static TheoryData<string, string> ProtectedFunctions => new()
    {
        { "SubmitOnboarding", OnboardingRoles.Submit },
        { "ListOnboardings", OnboardingRoles.Read },
        { "GetOnboarding", OnboardingRoles.Read },
        { "NotifyApproval", OnboardingRoles.Operate },
        { "CancelOnboarding", OnboardingRoles.Operate },
        { "RecheckOnboarding", OnboardingRoles.Operate },
        { "OffboardDestination", OnboardingRoles.Offboard },
    };

    [Theory]
    [MemberData(nameof(ProtectedFunctions))]
    public async Task Invoke_EasyAuthOff_HeaderWithEveryRoleIsNotTrusted401(string function, string role)
    {
        _ = role;
        (int status, bool ran, _) = await InvokeAsync(function, easyAuth: null, Principal([.. OnboardingRoles.All]));

        Assert.Equal(StatusCodes.Status401Unauthorized, status);
        Assert.False(ran);
    }

    [Theory]
    [InlineData("false")]
    [InlineData("")]
    [InlineData("1")]
    public async Task Invoke_EasyAuthSettingNotTrue_401(string setting)
    {
        (int status, bool ran, _) = await InvokeAsync("ListOnboardings", setting, Principal(OnboardingRoles.Read));

        Assert.Equal(StatusCodes.Status401Unauthorized, status);
        Assert.False(ran);
    }

    [Theory]
    [MemberData(nameof(ProtectedFunctions))]
    public async Task Invoke_EasyAuthOnWithoutPrincipal_401ProblemWithBearerChallenge(string function, string role)
    {
        _ = role;
        (int status, bool ran, HttpContext http) = await InvokeAsync(function, "true", header: null);

        Assert.Equal(StatusCodes.Status401Unauthorized, status);
        Assert.False(ran);
        Assert.Equal("Bearer", http.Response.Headers.WWWAuthenticate.ToString());
        Assert.StartsWith("application/problem+json", http.Response.ContentType, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not base64 at all")]
    [InlineData("bm90IGpzb24=")]
    [InlineData("eyJjbGFpbXMiOltdfQ==")]
    public async Task Invoke_MalformedPrincipal_401(string header)
    {
        (int status, bool ran, _) = await InvokeAsync("ListOnboardings", "true", header);

        Assert.Equal(StatusCodes.Status401Unauthorized, status);
        Assert.False(ran);
    }

    [Theory]
    [MemberData(nameof(ProtectedFunctions))]
    public async Task Invoke_EveryRoleButTheNeededOne_403(string function, string role)
    {
        (int status, bool ran, HttpContext http) = await InvokeAsync(function, "True", Principal([.. OnboardingRoles.All.Where(r => r != role)]));

        Assert.Equal(StatusCodes.Status403Forbidden, status);
        Assert.False(ran);
        Assert.StartsWith("application/problem+json", http.Response.ContentType, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ProtectedFunctions))]
    public async Task Invoke_NeededRole_RunsTheFunctionAsTheCaller(string function, string role)
    {
        (_, bool ran, HttpContext http) = await InvokeAsync(function, "true", Principal(role));

        Assert.True(ran);
        Assert.Equal("11111111-2222-3333-4444-555555555555", http.User.FindFirst("oid")?.Value);
        Assert.Equal("Ada Operator", http.User.FindFirst("name")?.Value);
        Assert.Equal("aaaaaaaa-0000-0000-0000-000000000001", http.User.FindFirst("azp")?.Value);
        Assert.True(http.User.IsInRole(role));
    }

    [Fact]
    public async Task Invoke_ListWithReadRole_AnswersThroughTheRealFunction200()
    {
        var functions = new OnboardingHttpFunctions(new InMemoryDestinationRecordStore());
        var config = Configuration("true");
        var middleware = new EasyAuthRoleMiddleware(config, NullLogger<EasyAuthRoleMiddleware>.Instance);
        var http = new DefaultHttpContext { RequestServices = engine.ResultServices };
        http.Request.Method = "GET";
        http.Request.Headers[EasyAuthPrincipal.HeaderName] = Principal(OnboardingRoles.Read);
        http.Response.Body = new MemoryStream();
        var context = new HttpFunctionContext("ListOnboardings", http, engine.ResultServices);

        await middleware.Invoke(context, async _ =>
        {
            IResult result = await functions.ListAsync(http.Request, engine.Client, CancellationToken.None);
            await result.ExecuteAsync(http);
        });

        Assert.Equal(StatusCodes.Status200OK, http.Response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("true")]
    public async Task Invoke_AnonymousFunctions_RunWithoutAPrincipal(string? easyAuth)
    {
        foreach (string function in AnonymousFunctions)
        {
            (_, bool ran, _) = await InvokeAsync(function, easyAuth, header: null);
            Assert.True(ran, function);
        }
    }

    [Fact]
    public async Task Invoke_NonHttpFunction_Passes()
    {
        var middleware = new EasyAuthRoleMiddleware(Configuration(null), NullLogger<EasyAuthRoleMiddleware>.Instance);
        var context = new HttpFunctionContext("PublishDestinationEventActivity", null, engine.ResultServices, "activityTrigger");
        bool ran = false;

        await middleware.Invoke(context, _ =>
        {
            ran = true;
            return Task.CompletedTask;
        });

        Assert.True(ran);
    }

    [Fact]
    public async Task Invoke_HttpFunctionWithoutADeclaredRole_401()
    {
        (int status, bool ran, _) = await InvokeAsync("SomeNewFunction", "true", Principal([.. OnboardingRoles.All]));

        Assert.Equal(StatusCodes.Status401Unauthorized, status);
        Assert.False(ran);
    }

    [Fact]
    public void Guard_EveryHttpFunctionDeclaresARoleOrIsInTheAnonymousList()
    {
        var httpFunctions = typeof(OnboardingHttpFunctions).Assembly.GetTypes().SelectMany(t => t.GetMethods())
            .Where(m => m.GetParameters().Any(p => p.GetCustomAttribute<HttpTriggerAttribute>() is not null))
            .Select(m => m.GetCustomAttribute<FunctionAttribute>()!.Name)
            .ToList();

        Assert.NotEmpty(httpFunctions);
        Assert.All(httpFunctions, name => Assert.True(
            FunctionAuthorizationMap.Roles.ContainsKey(name) || FunctionAuthorizationMap.Anonymous.Contains(name), $"{name} declares no role"));
        Assert.Equal(AnonymousFunctions.Order(), FunctionAuthorizationMap.Anonymous.Order());
        Assert.All(FunctionAuthorizationMap.Roles.Values, role => Assert.Contains(role, OnboardingRoles.All));
    }

    [Fact]
    public void Bicep_EasyAuthExcludesExactlyTheAnonymousFunctionsRoutes()
    {
        string bicep = File.ReadAllText(Path.Combine(Repository.Root, "infra", "main.bicep"));
        Match block = ExcludedPaths().Match(bicep);
        Assert.True(block.Success, "infra/main.bicep has no excludedPaths");
        string[] excluded = [.. QuotedPath().Matches(block.Groups[1].Value).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal)];

        string[] anonymousRoutes = [.. typeof(OnboardingHttpFunctions).Assembly.GetTypes().SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttribute<AnonymousFunctionAttribute>() is not null)
            .Select(m => "/api/" + m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).First(a => a is not null)!.Route)
            .Order(StringComparer.Ordinal)];

        Assert.Equal(anonymousRoutes, excluded);
        Assert.Contains("unauthenticatedClientAction: 'Return401'", bicep, StringComparison.Ordinal);
        Assert.Contains("name: 'authsettingsV2'", bicep, StringComparison.Ordinal);
    }

    [Fact]
    public void Docs_NoFunctionKeyInUrls()
    {
        foreach (string file in new[] { "README.md", Path.Combine("docs", "functions.md") })
        {
            string text = File.ReadAllText(Path.Combine(Repository.Root, file));
            Assert.DoesNotContain("?code=", text, StringComparison.Ordinal);
            Assert.DoesNotContain("&code=", text, StringComparison.Ordinal);
        }
    }

    internal static string Principal(params string[] roles)
    {
        var claims = new List<object>
        {
            new { typ = "http://schemas.microsoft.com/identity/claims/objectidentifier", val = "11111111-2222-3333-4444-555555555555" },
            new { typ = "name", val = "Ada Operator" },
            new { typ = "azp", val = "aaaaaaaa-0000-0000-0000-000000000001" },
        };
        claims.AddRange(roles.Select(r => new { typ = "roles", val = r }));
        string json = JsonSerializer.Serialize(new { auth_typ = "aad", claims, name_typ = "name", role_typ = "roles" });
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    }

    private static IConfiguration Configuration(string? easyAuth) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [EasyAuthRoleMiddleware.EnabledSetting] = easyAuth }).Build();

    private async Task<(int Status, bool Ran, HttpContext Http)> InvokeAsync(string function, string? easyAuth, string? header)
    {
        var middleware = new EasyAuthRoleMiddleware(Configuration(easyAuth), NullLogger<EasyAuthRoleMiddleware>.Instance);
        var http = new DefaultHttpContext { RequestServices = engine.ResultServices };
        http.Response.Body = new MemoryStream();
        if (header is not null)
        {
            http.Request.Headers[EasyAuthPrincipal.HeaderName] = header;
        }

        bool ran = false;
        await middleware.Invoke(new HttpFunctionContext(function, http, engine.ResultServices), _ =>
        {
            ran = true;
            return Task.CompletedTask;
        });
        return (http.Response.StatusCode, ran, http);
    }

    [GeneratedRegex(@"excludedPaths:\s*\[(.*?)\]", RegexOptions.Singleline)]
    private static partial Regex ExcludedPaths();

    [GeneratedRegex(@"'([^']+)'")]
    private static partial Regex QuotedPath();

    /// <summary>An invocation as the worker hands it to middleware: the function's definition and, for HTTP, the ASP.NET Core request.</summary>
    private sealed class HttpFunctionContext : FunctionContext
    {
        public HttpFunctionContext(string name, HttpContext? http, IServiceProvider services, string trigger = "httpTrigger")
        {
            FunctionDefinition = new Definition(name, trigger);
            InstanceServices = services;
            if (http is not null)
            {
                Items["HttpRequestContext"] = http;
            }
        }

        public override string InvocationId { get; } = Guid.NewGuid().ToString();

        public override string FunctionId => FunctionDefinition.Id;

        public override TraceContext TraceContext => throw new NotSupportedException();

        public override BindingContext BindingContext => throw new NotSupportedException();

        public override RetryContext RetryContext => throw new NotSupportedException();

        public override IServiceProvider InstanceServices { get; set; }

        public override FunctionDefinition FunctionDefinition { get; }

        public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

        public override IInvocationFeatures Features => throw new NotSupportedException();
    }

    private sealed class Definition(string name, string trigger) : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters => [];

        public override string PathToAssembly => typeof(OnboardingHttpFunctions).Assembly.Location;

        public override string EntryPoint => "PrivateLink.Functions." + name;

        public override string Id => name;

        public override string Name => name;

        public override IImmutableDictionary<string, BindingMetadata> InputBindings { get; } =
            ImmutableDictionary<string, BindingMetadata>.Empty.Add("request", new Binding("request", trigger));

        public override IImmutableDictionary<string, BindingMetadata> OutputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;
    }

    private sealed class Binding(string name, string type) : BindingMetadata
    {
        public override string Name => name;

        public override string Type => type;

        public override BindingDirection Direction => BindingDirection.In;
    }
}
