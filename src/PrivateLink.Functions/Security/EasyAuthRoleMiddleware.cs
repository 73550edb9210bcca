using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using PrivateLink.Api.Security;

namespace PrivateLink.Functions.Security;

/// <summary>Enforces the onboarding API's app roles on every HTTP function, from the caller Easy Auth passes in <c>X-MS-CLIENT-PRINCIPAL</c>.</summary>
/// <remarks>
/// <para>
/// The header is believed only when the platform says Easy Auth is on (<c>WEBSITE_AUTH_ENABLED=true</c>, set by App Service from the
/// app's <c>authsettingsV2</c>; the platform then strips a copy sent by the caller). When it is off, every HTTP function that is not
/// anonymous answers 401: a header anyone can send is never trusted.
/// </para>
/// <para>
/// Per function: <see cref="AnonymousFunctionAttribute"/> passes; <see cref="RequireRoleAttribute"/> needs an authenticated caller
/// (else 401) holding the role in <c>roles</c> (else 403); an HTTP function with neither is denied (401). Non-HTTP functions (activities,
/// orchestrators, timers) pass. The caller becomes <see cref="HttpContext.User"/>, so the shared handlers read the same claims as on the runner.
/// </para>
/// </remarks>
/// <param name="configuration">The app settings.</param>
/// <param name="logger">The logger.</param>
public sealed partial class EasyAuthRoleMiddleware(IConfiguration configuration, ILogger<EasyAuthRoleMiddleware> logger) : IFunctionsWorkerMiddleware
{
    /// <summary>The app setting App Service sets to <c>true</c> when App Service Authentication is enabled.</summary>
    public const string EnabledSetting = "WEBSITE_AUTH_ENABLED";

    /// <inheritdoc/>
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!IsHttpFunction(context.FunctionDefinition) || FunctionAuthorizationMap.Anonymous.Contains(context.FunctionDefinition.Name))
        {
            await next(context);
            return;
        }

        HttpContext? http = context.GetHttpContext();
        if (http is null)
        {
            // An HTTP trigger without the ASP.NET Core request: nothing to authorize against, so nothing runs.
            Log.Denied(logger, context.FunctionDefinition.Name, "no HTTP context");
            return;
        }

        if (!FunctionAuthorizationMap.Roles.TryGetValue(context.FunctionDefinition.Name, out string? role))
        {
            Log.Denied(logger, context.FunctionDefinition.Name, "no role declared for the function");
            await WriteProblemAsync(http, StatusCodes.Status401Unauthorized, "Authentication required.", null);
            return;
        }

        bool enabled = string.Equals(configuration[EnabledSetting], "true", StringComparison.OrdinalIgnoreCase);
        ClaimsPrincipal? caller = enabled ? EasyAuthPrincipal.Parse(http.Request.Headers[EasyAuthPrincipal.HeaderName].ToString()) : null;
        if (caller is null)
        {
            Log.Denied(logger, context.FunctionDefinition.Name, enabled ? "no caller principal" : $"{EnabledSetting} is not true");
            await WriteProblemAsync(http, StatusCodes.Status401Unauthorized, "Authentication required.", null);
            return;
        }

        if (!caller.HasClaim(OnboardingRoles.ClaimType, role))
        {
            Log.Forbidden(logger, context.FunctionDefinition.Name, caller.FindFirst("oid")?.Value ?? "?", role);
            await WriteProblemAsync(http, StatusCodes.Status403Forbidden, "Forbidden.", $"The caller lacks the app role '{role}'.");
            return;
        }

        http.User = caller;
        await next(context);
    }

    private static bool IsHttpFunction(FunctionDefinition definition) =>
        definition.InputBindings.Values.Any(b => string.Equals(b.Type, "httpTrigger", StringComparison.OrdinalIgnoreCase));

    private static Task WriteProblemAsync(HttpContext http, int status, string title, string? detail)
    {
        http.Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
        }

        return http.Response.WriteAsJsonAsync(
            new { type = "https://tools.ietf.org/html/rfc9110#section-15.5." + (status == 401 ? "2" : "4"), title, status, detail },
            options: null,
            contentType: "application/problem+json");
    }

    /// <summary>Log messages of the Functions app (event ids 4800-4899; docs/logging.md has the table of ranges).</summary>
    private static partial class Log
    {
        [LoggerMessage(EventId = 4800, Level = LogLevel.Warning, Message = "Function {FunctionName} denied: {Reason}")]
        public static partial void Denied(ILogger logger, string functionName, string reason);

        [LoggerMessage(EventId = 4801, Level = LogLevel.Warning, Message = "Function {FunctionName} forbidden for caller {ObjectId}: role {Role} missing")]
        public static partial void Forbidden(ILogger logger, string functionName, string objectId, string role);
    }
}
