using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PrivateLink.Api.Security;
using PrivateLink.Onboarding.Model;

namespace PrivateLink.Host.Security;

/// <summary>
/// A token issuer that lives only in the runner's memory, for <c>demo</c> and local runs: an RSA key made at start, tokens signed with it,
/// validated by the same bearer handler, roles and policies as real Entra ID tokens. <c>Authentication:DevelopmentIssuer</c> turns it on;
/// start-up refuses it outside Development.
/// </summary>
public sealed class DevelopmentTokenIssuer : IDisposable
{
    /// <summary>The issuer of its tokens.</summary>
    public const string Issuer = "urn:privatelink:development-issuer";

    /// <summary>The audience when <c>Authentication:Audience</c> is not set.</summary>
    public const string DefaultAudience = "api://privatelink-onboarding-development";

    private readonly RSA _rsa = RSA.Create(2048);

    /// <summary>Initializes a new instance of the <see cref="DevelopmentTokenIssuer"/> class.</summary>
    public DevelopmentTokenIssuer()
    {
        Key = new RsaSecurityKey(_rsa) { KeyId = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)) };
    }

    /// <summary>Gets the signing key (validation trusts exactly this key).</summary>
    public RsaSecurityKey Key { get; }

    /// <summary>Issues an access token.</summary>
    /// <param name="actor">Who the token is for.</param>
    /// <param name="roles">Its app roles.</param>
    /// <param name="audience">Its audience.</param>
    /// <param name="lifetime">How long it is valid (default one hour).</param>
    /// <returns>The signed token.</returns>
    public string CreateToken(Actor actor, IEnumerable<string> roles, string audience, TimeSpan? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var claims = new List<Claim> { new(CallerActor.ObjectIdClaim, actor.ObjectId), new("sub", actor.ObjectId) };
        if (actor.AppId is not null)
        {
            claims.Add(new Claim("azp", actor.AppId));
        }

        if (actor.DisplayName is not null)
        {
            claims.Add(new Claim("name", actor.DisplayName));
        }

        claims.AddRange(roles.Select(r => new Claim(OnboardingRoles.ClaimType, r)));
        // The bearer handler checks a token's lifetime against the wall clock, so tokens are issued on it, whatever clock the app runs on.
        DateTime now = TimeProvider.System.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? TimeSpan.FromHours(1)),
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <inheritdoc/>
    public void Dispose() => _rsa.Dispose();
}
