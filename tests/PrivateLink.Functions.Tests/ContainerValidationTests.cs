using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PrivateLink.Functions.Tests.HostPath;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Functions.Tests;

/// <summary>The Functions worker's container built as Development builds it (validated on build, scopes checked), in every environment; the runner's is in the runner's tests.</summary>
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
}
