using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PrivateLink.Onboarding.Notifications;

namespace PrivateLink.Api;

/// <summary>Finds the callback policy (<see cref="CallbackOptions"/>) that applies to a request.</summary>
internal static class CallbackPolicies
{
    /// <summary>The configured policy, or <see cref="CallbackPolicy.Disabled"/> when the request has no services (callbacks then refused).</summary>
    /// <param name="context">The HTTP context.</param>
    /// <returns>The policy.</returns>
    public static CallbackPolicy For(HttpContext context) =>
        context.RequestServices?.GetService<IOptionsMonitor<CallbackOptions>>()?.CurrentValue.Policy ?? CallbackPolicy.Disabled;
}
