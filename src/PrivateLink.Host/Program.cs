using PrivateLink.Api;
using PrivateLink.Host;
using PrivateLink.Host.Demo;

if (args.Length > 0 && args[0] == "demo")
{
    return await DemoCommand.RunAsync(args[1..]);
}

return await HostExit.RunAsync("The runner", async () => await RunnerApp.BuildAsync(args), Console.Error);

/// <summary>The runner entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
