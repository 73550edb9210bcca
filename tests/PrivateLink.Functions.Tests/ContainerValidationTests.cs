using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PrivateLink.Api;
using PrivateLink.Functions.Tests.HostPath;
using PrivateLink.Host;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Functions.Tests;

/// <summary>Both hosts' containers built as Development builds them (validated on build, scopes checked), in every environment.</summary>
public sealed class ContainerValidationTests
{
    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public void FunctionsWorker_BuiltWithValidation_Builds(string environment)
    {
        // func start runs the worker in Development, where the host builder validates every registration: nothing may need a
        // DurableTaskClient from DI, which the isolated Durable extension only binds per invocation.
        using IHost host = FunctionsWorker.Build(environment);

        Assert.Equal(environment, host.Services.GetRequiredService<IHostEnvironment>().EnvironmentName);
        Assert.Null(host.Services.GetService<DurableTaskClient>());
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task Runner_BuiltWithValidation_BuildsAndResolvesTheServiceOverItsClient(string environment)
    {
        await using WebApplication app = await RunnerApp.BuildAsync(["--environment", environment], builder =>
        {
            builder.Configuration.AddInMemoryCollection(FunctionsWorker.RequiredSettings);
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
