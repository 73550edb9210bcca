using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using PrivateLink.Api.Security;

namespace PrivateLink.Functions.Security;

/// <summary>Reads the caller App Service Authentication (Easy Auth) passes to the app in <c>X-MS-CLIENT-PRINCIPAL</c>.</summary>
/// <remarks>
/// The header is base64 of <c>{"auth_typ":"aad","claims":[{"typ":…,"val":…}],"name_typ":…,"role_typ":…}</c>. The platform sets it after
/// validating the caller's token and strips any copy the caller sent, so it is trustworthy only when Easy Auth is on; the middleware
/// checks that first. The principal gets the short claim types the shared code reads: <c>oid</c>, <c>azp</c>/<c>appid</c>, <c>name</c>,
/// <c>roles</c> (Easy Auth writes some claims under their long WS-Federation URIs).
/// </remarks>
public static class EasyAuthPrincipal
{
    /// <summary>The header Easy Auth sets.</summary>
    public const string HeaderName = "X-MS-CLIENT-PRINCIPAL";

    /// <summary>The authentication type of the principal made from the header.</summary>
    public const string AuthenticationType = "EasyAuth";

    private const int MaxHeaderLength = 64 * 1024;

    private static readonly Dictionary<string, string> ShortTypes = new(StringComparer.Ordinal)
    {
        ["http://schemas.microsoft.com/identity/claims/objectidentifier"] = "oid",
        ["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"] = "name",
        ["http://schemas.microsoft.com/ws/2008/06/identity/claims/role"] = OnboardingRoles.ClaimType,
    };

    /// <summary>Parses the header.</summary>
    /// <param name="headerValue">The header's value.</param>
    /// <returns>The authenticated principal, or null when the header is missing or malformed.</returns>
    public static ClaimsPrincipal? Parse(string? headerValue)
    {
        if (string.IsNullOrEmpty(headerValue) || headerValue.Length > MaxHeaderLength)
        {
            return null;
        }

        ClientPrincipal? principal;
        try
        {
            principal = JsonSerializer.Deserialize<ClientPrincipal>(Encoding.UTF8.GetString(Convert.FromBase64String(headerValue)));
        }
        catch (Exception ex) when (ex is FormatException or JsonException or DecoderFallbackException)
        {
            return null;
        }

        if (principal?.Claims is null || string.IsNullOrEmpty(principal.AuthenticationType))
        {
            return null;
        }

        string roleType = string.IsNullOrEmpty(principal.RoleType) ? OnboardingRoles.ClaimType : principal.RoleType;
        var claims = new List<Claim>();
        foreach (ClientPrincipalClaim claim in principal.Claims)
        {
            if (string.IsNullOrEmpty(claim.Type) || claim.Value is null)
            {
                continue;
            }

            string type = claim.Type == roleType ? OnboardingRoles.ClaimType : ShortTypes.GetValueOrDefault(claim.Type, claim.Type);
            claims.Add(new Claim(type, claim.Value));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, AuthenticationType, "name", OnboardingRoles.ClaimType));
    }

    private sealed class ClientPrincipal
    {
        [JsonPropertyName("auth_typ")]
        public string? AuthenticationType { get; set; }

        [JsonPropertyName("claims")]
        public List<ClientPrincipalClaim>? Claims { get; set; }

        [JsonPropertyName("name_typ")]
        public string? NameType { get; set; }

        [JsonPropertyName("role_typ")]
        public string? RoleType { get; set; }
    }

    private sealed class ClientPrincipalClaim
    {
        [JsonPropertyName("typ")]
        public string? Type { get; set; }

        [JsonPropertyName("val")]
        public string? Value { get; set; }
    }
}
