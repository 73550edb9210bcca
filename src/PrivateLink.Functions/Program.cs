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
    host.Run();
    return 0;
}
catch (Exception ex) when (StartupRefusal.FailuresOf(ex) is { Count: > 0 } failures)
{
    // The Functions host logs the worker's standard error and its exit code.
    StartupRefusal.Write("The Functions worker", failures, Console.Error);
    return StartupRefusal.ExitCode;
}
