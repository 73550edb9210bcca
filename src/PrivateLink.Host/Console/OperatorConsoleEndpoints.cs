using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using PrivateLink.Host.Security;

namespace PrivateLink.Host.OperatorConsole;

/// <summary>Maps the operator console: a static page at <c>/</c> that shows and acts on onboardings through the public <c>/api</c> routes only.</summary>
/// <remarks>
/// The namespace is <c>OperatorConsole</c> rather than the folder's <c>Console</c>: a <c>PrivateLink.Host.Console</c> namespace would shadow
/// <see cref="System.Console"/> for every file under <c>PrivateLink.Host</c>.
/// </remarks>
public static class OperatorConsoleEndpoints
{
    /// <summary>The path under which the console's files are served.</summary>
    public const string AssetPath = "/console";

    // The page loads only its own files and talks only to its own origin; data is rendered with textContent, and this policy
    // is the second line of defence should that ever slip.
    // The page may also fetch the OpenID provider's discovery document and token endpoint (the sign-in), nothing else.
    private const string ContentSecurityPolicyFormat =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'{0}; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly ConditionalWeakTable<IEndpointRouteBuilder, RouteGroupBuilder> Mapped = [];

    /// <summary>Maps <c>GET /</c> (the console page) and <c>GET /console/{file}</c> (its scripts and styles).</summary>
    /// <remarks>
    /// The files hold no data: everything shown comes from <c>/api/onboardings</c>, called from the browser with the user's own
    /// credentials, so the host's API auth applies. Add <c>.RequireAuthorization()</c> to the returned group to also protect the files.
    /// Mapping twice on the same builder returns the first group instead of adding duplicate routes.
    /// </remarks>
    /// <param name="endpoints">The application or route builder.</param>
    /// <returns>The group of console routes, for the host to add auth or filters.</returns>
    public static RouteGroupBuilder MapOperatorConsole(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        lock (Mapped)
        {
            if (Mapped.TryGetValue(endpoints, out RouteGroupBuilder? existing))
            {
                return existing;
            }

            RouteGroupBuilder group = endpoints.MapGroup(string.Empty).ExcludeFromDescription();
            group.MapGet("/", (HttpContext context) => Serve(context, "index.html")).WithName("OperatorConsole");
            group.MapGet(AssetPath + "/settings.json", (IOptions<RunnerAuthenticationOptions> options) =>
            {
                RunnerAuthenticationOptions auth = options.Value;
                string? authority = string.IsNullOrWhiteSpace(auth.Authority) ? null : auth.Authority;
                return TypedResults.Json(new
                {
                    authority,
                    clientId = auth.ConsoleClientId,
                    scope = auth.ConsoleScope ?? $"openid {RunnerAuthentication.AudienceOf(auth)}/.default",
                });
            }).WithName("OperatorConsoleSettings");
            group.MapGet(AssetPath + "/{*path}", (string path, HttpContext context) => Serve(context, path)).WithName("OperatorConsoleAsset");
            Mapped.Add(endpoints, group);
            return group;
        }
    }

    private static IResult Serve(HttpContext context, string path)
    {
        if (!ConsoleAssets.Embedded.TryGet(path, out ConsoleAsset? asset))
        {
            return TypedResults.NotFound();
        }

        IHeaderDictionary headers = context.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        string? authority = context.RequestServices.GetService<IOptions<RunnerAuthenticationOptions>>()?.Value.Authority;
        string provider = Uri.TryCreate(authority, UriKind.Absolute, out Uri? uri) ? " " + uri.GetLeftPart(UriPartial.Authority) : string.Empty;
        headers.ContentSecurityPolicy = string.Format(System.Globalization.CultureInfo.InvariantCulture, ContentSecurityPolicyFormat, provider);
        if (context.Request.Headers.IfNoneMatch.Contains(asset.ETag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(asset.Content, asset.ContentType);
    }
}
