using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using PrivateLink.Api.Security;

namespace PrivateLink.Host.Security;

/// <summary>Bearer-token authentication of the runner: the JwtBearer handler against the configured authority's metadata, audience and tenant.</summary>
public static class RunnerAuthentication
{
    /// <summary>Registers JwtBearer authentication (from <see cref="RunnerAuthenticationOptions"/>) and the onboarding authorization policies.</summary>
    /// <param name="services">The services.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddRunnerAuthentication(this IServiceCollection services)
    {
        services.AddOptions<RunnerAuthenticationOptions>()
            .BindConfiguration(RunnerAuthenticationOptions.SectionName)
            .Validate(o => o.DevelopmentIssuer || IsHttpsUri(o.Authority), "Authentication:Authority is required: the https URL of the OpenID provider (Entra ID: https://login.microsoftonline.com/{tenant}/v2.0).")
            .Validate(o => o.DevelopmentIssuer || !string.IsNullOrWhiteSpace(o.Audience), "Authentication:Audience is required: the API's application ID URI or client id that tokens must carry.")
            .ValidateOnStart();
        services.AddSingleton<DevelopmentTokenIssuer>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<RunnerAuthenticationOptions>, IServiceProvider>((jwt, options, sp) => Configure(jwt, options.Value, sp));
        services.AddOnboardingAuthorization();
        return services;
    }

    /// <summary>Gets the audience tokens must carry.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The configured audience, or the development issuer's default.</returns>
    public static string AudienceOf(RunnerAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrWhiteSpace(options.Audience) ? DevelopmentTokenIssuer.DefaultAudience : options.Audience;
    }

    private static void Configure(JwtBearerOptions jwt, RunnerAuthenticationOptions options, IServiceProvider services)
    {
        // Claims keep their token names (oid, roles, azp, name), as CallerActor and the role policies read them.
        jwt.MapInboundClaims = false;
        jwt.TokenValidationParameters.NameClaimType = "name";
        jwt.TokenValidationParameters.RoleClaimType = OnboardingRoles.ClaimType;
        jwt.TokenValidationParameters.ValidAudience = AudienceOf(options);
        jwt.TokenValidationParameters.ValidateAudience = true;
        jwt.TokenValidationParameters.ValidateIssuer = true;
        jwt.TokenValidationParameters.ValidateLifetime = true;
        jwt.TokenValidationParameters.RequireSignedTokens = true;
        jwt.TokenValidationParameters.RequireExpirationTime = true;
        jwt.TokenValidationParameters.ClockSkew = TimeSpan.FromMinutes(2);
        if (!string.IsNullOrWhiteSpace(options.Authority))
        {
            // Issuer and signing keys come from the authority's discovery document and JWKS (refreshed when an unknown key id appears).
            jwt.Authority = options.Authority;
            jwt.RequireHttpsMetadata = true;
        }
        else
        {
            DevelopmentTokenIssuer issuer = services.GetRequiredService<DevelopmentTokenIssuer>();
            jwt.TokenValidationParameters.ValidIssuer = DevelopmentTokenIssuer.Issuer;
            jwt.TokenValidationParameters.IssuerSigningKey = issuer.Key;
        }

        if (!string.IsNullOrWhiteSpace(options.TenantId))
        {
            string tenant = options.TenantId;
            jwt.Events ??= new JwtBearerEvents();
            jwt.Events.OnTokenValidated = context =>
            {
                if (!string.Equals(context.Principal?.FindFirst("tid")?.Value, tenant, StringComparison.OrdinalIgnoreCase))
                {
                    context.Fail($"The token's tenant (tid) is not {tenant}.");
                }

                return Task.CompletedTask;
            };
        }
    }

    private static bool IsHttpsUri(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) && uri.Scheme == Uri.UriSchemeHttps;
}
