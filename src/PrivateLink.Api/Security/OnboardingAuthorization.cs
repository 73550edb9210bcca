using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace PrivateLink.Api.Security;

/// <summary>The authorization policies of the onboarding API, shared by both hosts.</summary>
public static class OnboardingAuthorization
{
    /// <summary>
    /// Registers one policy per app role (named as the role: an authenticated caller with an object id holding that role) and a
    /// fallback policy that requires an authenticated caller with an object id on every endpoint that names no policy.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddOnboardingAuthorization(this IServiceCollection services)
    {
        AuthorizationBuilder builder = services.AddAuthorizationBuilder()
            .SetFallbackPolicy(CallerPolicy().Build());
        foreach (string role in OnboardingRoles.All)
        {
            builder.AddPolicy(role, CallerPolicy().RequireClaim(OnboardingRoles.ClaimType, role).Build());
        }

        return services;
    }

    private static AuthorizationPolicyBuilder CallerPolicy() => new AuthorizationPolicyBuilder()
        .RequireAuthenticatedUser()
        .RequireAssertion(context => CallerActor.FromPrincipal(context.User) is not null);
}
