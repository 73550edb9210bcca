using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PrivateLink.Api;
using PrivateLink.Arm;
using PrivateLink.Engine;
using PrivateLink.Onboarding;
using PrivateLink.Onboarding.Service;
using PrivateLink.SupportMatrix;

namespace PrivateLink.Functions.Tests.Support;

/// <summary>The in-memory Durable Task engine running the real workflow, with an ARM fake whose preflights wait, so a submitted onboarding stays Running.</summary>
public sealed class DurableEngineFixture : IAsyncLifetime
{
    private IHost? host;
    private readonly FakeArm arm = new() { PreflightGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };

    public DurableTaskClient Client => host!.Services.GetRequiredService<DurableTaskClient>();

    /// <summary>Gets services for executing <see cref="IResult"/>s: logging, problem details and the API's JSON options.</summary>
    public IServiceProvider ResultServices { get; } = new ServiceCollection().AddLogging().AddOnboardingApi().BuildServiceProvider();

    public async Task InitializeAsync()
    {
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddLogging();
        builder.Services.AddSingleton<IPrivateEndpointClient>(arm);
        builder.Services.AddOnboardingServices();
        builder.Services.AddDurableEngine();
        host = builder.Build();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StartAsync(cts.Token);
    }

    public async Task DisposeAsync()
    {
        // Every waiting preflight finishes with "not found" (the fake holds no target).
        arm.PreflightGate!.TrySetResult();
        if (host is not null)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await host.StopAsync(cts.Token);
            host.Dispose();
        }
    }

    /// <summary>Waits until the instance is running (its first activity blocks on the ARM fake).</summary>
    public async Task WaitUntilRunningAsync(string destinationId)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            OrchestrationMetadata? metadata = await Client.GetInstanceAsync("onboard-" + destinationId, cts.Token);
            if (metadata?.RuntimeStatus == OrchestrationRuntimeStatus.Running)
            {
                return;
            }

            await Task.Delay(20, cts.Token);
        }
    }

    /// <summary>Starts an onboarding through the shared service; it stays Running in Validating (the ARM fake's preflight waits).</summary>
    public async Task<string> StartBlockedOnboardingAsync()
    {
        string id = "dst-" + Guid.NewGuid().ToString("N")[..12];
        var request = new PrivateLink.Onboarding.Model.OnboardingRequest
        {
            DestinationId = id,
            DestinationType = "AzurePostgreSql",
            TargetResourceId = "/subscriptions/6a8e3c1e-0d5e-4a8f-9a57-0f3a1b2c3d4e/resourceGroups/rg-customer/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg1",
            HostName = "pg1.postgres.database.azure.com",
        };
        PrivateLink.Onboarding.Model.OnboardDestinationInput input =
            PrivateLink.Onboarding.Validation.OnboardingRequestValidator.Validate(request, out _) ?? throw new InvalidOperationException("Invalid test request.");
        await new OnboardingService(Client).SubmitAsync(input, CancellationToken.None);
        await WaitUntilRunningAsync(id);
        return id;
    }

    /// <summary>Executes a handler's result against a fresh HTTP context and returns the status, headers and body.</summary>
    public async Task<(int Status, IHeaderDictionary Headers, string Body)> ExecuteAsync(IResult result)
    {
        var context = new DefaultHttpContext { RequestServices = ResultServices };
        using var body = new MemoryStream();
        context.Response.Body = body;
        await result.ExecuteAsync(context);
        return (context.Response.StatusCode, context.Response.Headers, System.Text.Encoding.UTF8.GetString(body.ToArray()));
    }
}
