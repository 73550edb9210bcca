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
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (StartupRefusal.FailuresOf(ex) is { Count: > 0 } failures)
{
    StartupRefusal.Write("The runner", failures, Console.Error);
    return StartupRefusal.ExitCode;
}

/// <summary>The runner entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
