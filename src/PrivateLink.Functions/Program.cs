using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PrivateLink.Api;
using PrivateLink.Functions;

try
{
    FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder(args);
    builder.ConfigureFunctionsApp();
    using IHost host = builder.Build();

    // Every section's validation at once, before the host resolves its services (as the runner does).
    host.Services.GetRequiredService<IStartupValidator>().Validate();

    // Started and awaited rather than run: Run disposes the host, and the exit code needs its services.
    host.Start();
    host.WaitForShutdown();
    return HostExit.AfterRun(host.Services, "The Functions worker", Console.Error);
}
catch (Exception ex) when (HostExit.ConfigurationFailuresOf(ex) is { Count: > 0 } failures)
{
    // The Functions host logs the worker's standard error and its exit code.
    HostExit.WriteRefusal("The Functions worker", failures, Console.Error);
    return HostExit.ConfigurationExitCode;
}
