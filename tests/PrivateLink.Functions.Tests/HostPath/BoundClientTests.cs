using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PrivateLink.Api.Inbound.Watcher;
using PrivateLink.Api.Security;
using PrivateLink.Arm;
using PrivateLink.Connectivity;
using PrivateLink.Functions.Security;
using PrivateLink.Functions.Tests.Security;
using PrivateLink.Onboarding;
using PrivateLink.Onboarding.Activities;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Notifications;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Validation;
using PrivateLink.SupportMatrix;

namespace PrivateLink.Functions.Tests.HostPath;

/// <summary>
/// The <c>[DurableClient]</c> binding as the host sends it: the client payload (the task hub's gRPC endpoint) converted by the
/// extension's own converter into a bound client, talking to a Durable Task gRPC sidecar on loopback that runs the workflow with the
/// runner's converter.
/// </summary>
public sealed class BoundClientTests
{
    private const string TargetId = "/subscriptions/6a8e3c1e-0d5e-4a8f-9a57-0f3a1b2c3d4e/resourceGroups/rg-customer/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg1";

    [Fact]
    public async Task ApprovalWatcher_WithTheBoundClient_RaisesAnEventTheWorkflowReadsAndItBecomesReady()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var arm = new FakeArm();
        int port = FreePort();
        await using DurableTaskTestHost sidecar = await StartSidecarAsync(arm, port, timeout.Token);
        OnboardDestinationInput input = OnboardingRequestValidator.Validate(
            new OnboardingRequest { DestinationId = "dst-bound-1", DestinationType = "AzurePostgreSql", TargetResourceId = TargetId, HostName = "pg1.postgres.database.azure.com" },
            out _)!;
        await sidecar.Client.ScheduleNewOrchestrationInstanceAsync(nameof(OnboardDestinationOrchestrator), input, new StartOrchestrationOptions(input.InstanceId), timeout.Token);
        await WaitForStageAsync(sidecar.Client, input.InstanceId, OnboardingStage.AwaitingApproval, timeout.Token);
        arm.SetStatus(input.EndpointName, ConnectionStatus.Approved, "Approved by the customer");
        using IHost worker = FunctionsWorker.Build(Environments.Development, services => services.AddSingleton<IPrivateEndpointClient>(arm));
        WorkerInvoker invoker = await WorkerInvoker.LoadAsync(worker.Services);

        string client = ClientBinding(port);
        string timer = """{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":false}""";
        object? pass = await invoker.InvokeAsync("ApprovalWatcher", new Dictionary<string, object?> { ["timer"] = timer, ["client"] = client }, cancellationToken: timeout.Token);

        Assert.Equal(1, Assert.IsType<ApprovalWatcherPass>(pass).EventsRaised);
        OrchestrationMetadata done = await sidecar.Client.WaitForInstanceCompletionAsync(input.InstanceId, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(OnboardingStage.Ready, done.ReadOutputAs<OnboardingStatus>()!.Stage);
    }

    [Fact]
    public async Task SubmitOnboarding_ThroughTheAspNetCoreIntegration_StartsAnOrchestrationWhoseInputTheOrchestratorFunctionReads()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var arm = new FakeArm();
        int port = FreePort();
        await using DurableTaskTestHost sidecar = await StartSidecarAsync(arm, port, timeout.Token);

        using IHost worker = await StartHttpWorkerAsync(arm, timeout.Token);
        try
        {
            WorkerInvoker invoker = await WorkerInvoker.LoadAsync(worker.Services);
            using HttpResponseMessage response = await SubmitThroughTheAspNetCoreIntegrationAsync(worker, invoker, "dst-http-1", port, timeout.Token);

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            OrchestrationMetadata? started = await sidecar.Client.GetInstanceAsync("onboard-dst-http-1", getInputsAndOutputs: true, timeout.Token);
            Assert.NotNull(started);
            Assert.Contains("\"destinationType\":\"AzurePostgreSql\"", started.SerializedInput, StringComparison.Ordinal);

            // The input exactly as the client binding stored it, through the orchestrator function as the host runs it.
            var driver = new OrchestrationDriver(invoker, worker.Services, nameof(OnboardDestinationOrchestrator), started.InstanceId);
            driver.Start(started.SerializedInput!);
            await driver.RunUntilIdleAsync();
            Assert.Equal(nameof(ValidateTargetActivity), driver.Activities[0].Name);
            Assert.Null(driver.Completion);
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task SubmitOnboarding_HostsDurableEndpointNotAnswering_Answers503WithRetryAfter()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        // No sidecar: the bound client's gRPC endpoint refuses connections, as when the host's Durable extension is down.
        int port = FreePort();
        using IHost worker = await StartHttpWorkerAsync(new FakeArm(), timeout.Token);
        try
        {
            WorkerInvoker invoker = await WorkerInvoker.LoadAsync(worker.Services);
            using HttpResponseMessage response = await SubmitThroughTheAspNetCoreIntegrationAsync(worker, invoker, "dst-http-2", port, timeout.Token);
            string text = await response.Content.ReadAsStringAsync(timeout.Token);

            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {text}");
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("localhost", text, StringComparison.Ordinal);
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Starts the worker with its ASP.NET Core server and Easy Auth on, as in Azure; only its gRPC connection to the host is left out.</summary>
    private static async Task<IHost> StartHttpWorkerAsync(FakeArm arm, CancellationToken cancellationToken)
    {
        // The host forwards an HTTP trigger's request to the worker's own Kestrel server, naming the invocation it belongs to.
        Environment.SetEnvironmentVariable("FUNCTIONS_APPLICATION_DIRECTORY", AppContext.BaseDirectory);
        IHost worker = FunctionsWorker.Build(
            Environments.Development,
            services =>
            {
                services.AddSingleton<IPrivateEndpointClient>(arm);
                // Only the gRPC connection to the host is left out: it is what these tests play.
                services.Remove(services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "WorkerHostedService"));
            },
            [.. FunctionsWorker.RequiredSettings, new(EasyAuthRoleMiddleware.EnabledSetting, "true")]);
        await worker.StartAsync(cancellationToken);
        return worker;
    }

    /// <summary>Plays the host for one POST /api/onboardings: forwards the request to the worker's server and invokes the function with a client bound to <paramref name="port"/>.</summary>
    private static async Task<HttpResponseMessage> SubmitThroughTheAspNetCoreIntegrationAsync(IHost worker, WorkerInvoker invoker, string destinationId, int port, CancellationToken cancellationToken)
    {
        Uri server = new(worker.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        using var http = new HttpClient { BaseAddress = server };
        string invocationId = Guid.NewGuid().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/onboardings")
        {
            Content = new StringContent(
                $$"""{"destinationId":"{{destinationId}}","destinationType":"AzurePostgreSql","targetResourceId":"{{TargetId}}","hostName":"pg1.postgres.database.azure.com","ticketId":"SUP-1"}""",
                System.Text.Encoding.UTF8,
                "application/json"),
        };
        request.Headers.Add("x-ms-invocation-id", invocationId);

        // Easy Auth is on, as in Azure: the platform passes the signed-in caller in its principal header.
        request.Headers.Add(EasyAuthPrincipal.HeaderName, EasyAuthRoleMiddlewareTests.Principal(OnboardingRoles.Submit));

        Task<HttpResponseMessage> forwarded = http.SendAsync(request, cancellationToken);
        await invoker.InvokeAsync("SubmitOnboarding", new Dictionary<string, object?> { ["client"] = ClientBinding(port) }, cancellationToken: cancellationToken, invocationId: invocationId);
        return await forwarded;
    }

    // What the host's Durable extension sends for a [DurableClient] parameter: where its task hub gRPC endpoint listens.
    private static string ClientBinding(int port) => JsonSerializer.Serialize(new
    {
        rpcBaseUrl = $"http://localhost:{port}/",
        taskHubName = "privatelinkonboardinglocalv4",
        connectionName = "AzureWebJobsStorage",
        requiredQueryStringParameters = "code=local",
        httpBaseUrl = "http://localhost:7071/runtime/webhooks/durabletask",
        maxGrpcMessageSizeInBytes = 4 * 1024 * 1024,
    });

    private static Task<DurableTaskTestHost> StartSidecarAsync(FakeArm arm, int port, CancellationToken cancellationToken)
    {
        arm.AddTarget(TargetId, "Microsoft.DBforPostgreSQL/flexibleServers", ["postgresqlServer"]);
        return DurableTaskTestHost.StartAsync(
            registry => registry.AddOnboardingTasks(),
            new DurableTaskTestHostOptions
            {
                Port = port,
                ConfigureServices = services =>
                {
                    services.AddLogging();
                    services.AddSingleton<IPrivateEndpointClient>(arm);
                    services.AddSingleton<IConnectivityProbe>(new FakeProbe());
                    services.AddSingleton<IDestinationEventSink>(new RecordingEventSink());
                    services.Configure<DurableTaskWorkerOptions>(o => o.DataConverter = OnboardingDataConverter.Instance);
                    services.Configure<DurableTaskClientOptions>(o => o.DataConverter = OnboardingDataConverter.Instance);
                },
            },
            cancellationToken);
    }

    private static Task WaitForStageAsync(DurableTaskClient client, string instanceId, OnboardingStage stage, CancellationToken cancellationToken) =>
        client.WaitForStageAsync(instanceId, stage, cancellationToken);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
