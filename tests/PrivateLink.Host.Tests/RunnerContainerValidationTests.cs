using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PrivateLink.Api;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Host.Tests;

/// <summary>The runner's container built as Development builds it (validated on build, scopes checked), in every environment.</summary>
public sealed class RunnerContainerValidationTests
{
    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task Runner_BuiltWithValidation_BuildsAndResolvesTheServiceOverItsClient(string environment)
    {
        await using WebApplication app = await RunnerApp.BuildAsync(["--environment", environment], builder =>
        {
            builder.Configuration.AddInMemoryCollection(ArmTestSettings.Required);

            // Outside Development the runner needs a durable backend; building it opens no connection.
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["DurableTask:StorageAccountName"] = "stonboarding" });
            builder.Host.UseDefaultServiceProvider(o =>
            {
                o.ValidateOnBuild = true;
                o.ValidateScopes = true;
            });
        });

        Assert.Equal(environment, app.Environment.EnvironmentName);
        Assert.NotNull(app.Services.GetRequiredService<OnboardingService>());
    }
}
