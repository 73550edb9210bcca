using Microsoft.Extensions.Options;
using PrivateLink.Api;
using PrivateLink.Host;
using PrivateLink.Host.Demo;

if (args.Length > 0 && args[0] == "demo")
{
    return await DemoCommand.RunAsync(args[1..]);
}

try
{
    await using WebApplication app = await RunnerApp.BuildAsync(args);

    // Every section's validation at once, before the host resolves its services: the Durable Task worker reads the engine's
    // options while being resolved, which would otherwise report that section alone.
    app.Services.GetRequiredService<IStartupValidator>().Validate();
    // Started and awaited rather than run: RunAsync disposes the host, and the exit code needs its services.
    await app.StartAsync();
    await app.WaitForShutdownAsync();
    return HostExit.AfterRun(app.Services, "The runner", Console.Error);
}
catch (Exception ex) when (HostExit.ConfigurationFailuresOf(ex) is { Count: > 0 } failures)
{
    HostExit.WriteRefusal("The runner", failures, Console.Error);
    return HostExit.ConfigurationExitCode;
}

/// <summary>The runner entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
