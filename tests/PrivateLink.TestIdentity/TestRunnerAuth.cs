using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using PrivateLink.Api.Security;

namespace PrivateLink.TestIdentity;

/// <summary>The one way tests give a runner its identity settings and its callers real tokens from <see cref="TestIdentityProvider"/>.</summary>
public static class TestRunnerAuth
{
    /// <summary>
    /// Makes an in-process runner (<c>RunnerApp.BuildAsync</c>) a Development host (the ARM emulator and its credential are refused elsewhere)
    /// that trusts the shared loopback OpenID provider.
    /// </summary>
    /// <param name="builder">The runner's builder.</param>
    /// <param name="provider">The provider to trust, or null for the shared one.</param>
    /// <returns>The provider.</returns>
    public static TestIdentityProvider UseTestIdentity(this WebApplicationBuilder builder, TestIdentityProvider? provider = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        TestIdentityProvider identity = provider ?? TestIdentityProvider.SharedAsync().GetAwaiter().GetResult();
        builder.Environment.EnvironmentName = "Development";
        builder.Configuration.AddInMemoryCollection(identity.RunnerSettings);

        // End-to-end tests poll status as one caller many times a second; the limiter has its own tests.
        builder.Configuration.AddInMemoryCollection([new("RateLimiting:ReadsPerCallerPerMinute", "100000")]);
        identity.ConfigureRunner(builder.Services);
        return identity;
    }

    /// <summary>Gives a client a token with every role (or the given ones) from the shared provider.</summary>
    /// <param name="client">The client.</param>
    /// <param name="roles">The roles, or none for every role.</param>
    /// <returns>The same client.</returns>
    public static async Task<HttpClient> WithTokenAsync(this HttpClient client, params string[] roles)
    {
        ArgumentNullException.ThrowIfNull(client);
        TestIdentityProvider identity = await TestIdentityProvider.SharedAsync();
        string token = await identity.GetTokenAsync(roles.Length == 0 ? [.. OnboardingRoles.All] : roles);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
