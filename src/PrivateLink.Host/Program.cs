using PrivateLink.Host;
using PrivateLink.Host.Demo;

if (args.Length > 0 && args[0] == "demo")
{
    return await DemoCommand.RunAsync(args[1..]);
}

await using WebApplication app = await RunnerApp.BuildAsync(args);
await app.RunAsync();
return 0;

/// <summary>The runner entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
