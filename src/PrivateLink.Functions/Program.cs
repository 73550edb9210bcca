using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using PrivateLink.Api;
using PrivateLink.Functions;

// The Functions host logs the worker's standard error and its exit code.
return await HostExit.RunAsync(
    "The Functions worker",
    () =>
    {
        FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsApp();
        return Task.FromResult<IHost>(builder.Build());
    },
    Console.Error);
