using System.Security.Claims;
using PrivateLink.Onboarding.Model;

namespace PrivateLink.Api.Security;

/// <summary>Maps an authenticated caller (an Entra ID access token's claims, or Easy Auth's principal) to the <see cref="Actor"/> recorded on commands.</summary>
public static class CallerActor
{
    /// <summary>The object id claim as Entra ID issues it.</summary>
    public const string ObjectIdClaim = "oid";

    /// <summary>The object id claim after the legacy inbound claim mapping (and in Easy Auth's principal).</summary>
    public const string ObjectIdentifierClaim = "http://schemas.microsoft.com/identity/claims/objectidentifier";

    /// <summary>Gets the actor of the approval watcher.</summary>
    public static Actor Watcher { get; } = new("system:watcher", null, "Approval watcher");

    /// <summary>Reads the actor of an authenticated caller.</summary>
    /// <param name="principal">The caller.</param>
    /// <returns>The actor, or null when the caller is not authenticated or has no object id (such a caller is refused).</returns>
    public static Actor? FromPrincipal(ClaimsPrincipal? principal)
    {
        if (principal?.Identity is not { IsAuthenticated: true })
        {
            return null;
        }

        string? objectId = First(principal, ObjectIdClaim, ObjectIdentifierClaim);
        if (string.IsNullOrWhiteSpace(objectId))
        {
            return null;
        }

        return new Actor(objectId, First(principal, "azp", "appid"), First(principal, "name", "preferred_username"));
    }

    /// <summary>Reads the actor of the request's caller; the authorization policies have already refused a caller without one.</summary>
    /// <param name="principal">The caller (<c>HttpContext.User</c>).</param>
    /// <returns>The actor.</returns>
    /// <exception cref="InvalidOperationException">The endpoint was reached without the onboarding authorization policies.</exception>
    public static Actor Require(ClaimsPrincipal? principal) =>
        FromPrincipal(principal) ?? throw new InvalidOperationException("The caller has no object id: the endpoint must require an onboarding authorization policy.");

    private static string? First(ClaimsPrincipal principal, string type, string alternative) =>
        principal.FindFirst(type)?.Value is { Length: > 0 } value ? value : principal.FindFirst(alternative)?.Value;
}
