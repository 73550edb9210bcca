using System.Text.Json;
using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Protobuf;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PrivateLink.Arm;
using PrivateLink.Connectivity;
using PrivateLink.Onboarding;
using PrivateLink.Onboarding.Activities;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Notifications;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Validation;
using PrivateLink.SupportMatrix;

namespace PrivateLink.Functions.Tests.HostPath;

/// <summary>
/// The orchestrator and activity functions driven on the path the Functions host drives them: the orchestration trigger receives a
/// base64 <see cref="OrchestratorRequest"/> over a growing history, the activity triggers the input strings the orchestrator wrote,
/// all through the worker's own pipeline and the isolated Durable extension's middleware, executor and converters.
/// </summary>
public sealed class HostPathTests : IAsyncLifetime
{
    private const string TargetId = "/subscriptions/6a8e3c1e-0d5e-4a8f-9a57-0f3a1b2c3d4e/resourceGroups/rg-customer/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg1";

    private readonly FakeArm _arm = new();
    private readonly FakeProbe _probe = new();
    private readonly RecordingEventSink _events = new();
    private IHost? _host;
    private WorkerInvoker? _worker;

    private IServiceProvider Services => _host!.Services;

    public async Task InitializeAsync()
    {
        _arm.AddTarget(TargetId, "Microsoft.DBforPostgreSQL/flexibleServers", ["postgresqlServer"]);
        _host = FunctionsWorker.Build(Environments.Development, services =>
        {
            services.AddSingleton<IPrivateEndpointClient>(_arm);
            services.AddSingleton<IConnectivityProbe>(_probe);
            services.AddSingleton<IDestinationEventSink>(_events);
        });
        _worker = await WorkerInvoker.LoadAsync(_host.Services);
    }

    public Task DisposeAsync()
    {
        _host?.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task OnboardDestinationOrchestrator_InputAsTheClientBindingWroteIt_RunsToReadyAfterTheApprovalEvent()
    {
        OnboardDestinationInput input = Input("dst-host-1");
        string written = ClientConverter.Serialize(input)!;
        Assert.Contains("\"destinationType\":\"AzurePostgreSql\"", written, StringComparison.Ordinal);
        var driver = new OrchestrationDriver(_worker!, Services, nameof(OnboardDestinationOrchestrator), input.InstanceId);

        driver.Start(written);
        await RunFiringTimersAsync(driver, () => driver.CustomStatus is not null && Status(driver).Stage == OnboardingStage.AwaitingApproval);

        // The create is started by one activity and polled from the orchestrator on durable timers; then the requester is told.
        Assert.Null(driver.Completion);
        string[] names = [.. driver.Activities.Select(a => a.Name)];
        Assert.Equal(nameof(ValidateTargetActivity), names[0]);
        Assert.Equal(nameof(BeginCreatePrivateEndpointActivity), names[1]);
        Assert.Contains(nameof(GetOperationStatusActivity), names);
        Assert.Equal(nameof(PublishDestinationEventActivity), names[^2]);
        Assert.Equal(nameof(GetApprovalRemindersActivity), names[^1]); // the reminder offsets, read once and kept in history
        Assert.Equal(2, driver.Timers.Count); // the approval deadline and the first reminder (3 days before it)

        _arm.SetStatus(input.EndpointName, ConnectionStatus.Approved, "Approved by the customer");
        driver.Raise(WorkflowEvents.ConnectionStateChanged, ClientConverter.Serialize(new ConnectionStateChangedEvent("operator", null))!);
        await RunFiringTimersAsync(driver, () => driver.Completion is not null);

        OnboardingStatus outcome = Outcome(driver);
        Assert.Equal(OnboardingStage.Ready, outcome.Stage);
        Assert.Equal(OrchestrationStatus.Completed, driver.Completion!.OrchestrationStatus);
        Assert.Contains(driver.Activities, a => a.Name == nameof(GetConnectionStateActivity));
        Assert.Equal(input.Ports.Count, driver.Activities.Count(a => a.Name == nameof(ProbeEndpointActivity)));
        Assert.Equal([OnboardingStage.AwaitingApproval, OnboardingStage.Ready], _events.Events.Select(e => e.Stage));
        Assert.Equal(OnboardingStage.Ready, Status(driver).Stage);
    }

    [Fact]
    public async Task OnboardDestinationOrchestrator_NobodyApprovesBeforeTheTimerFires_DeletesTheEndpointAndTimesOut()
    {
        OnboardDestinationInput input = Input("dst-host-2");
        var driver = new OrchestrationDriver(_worker!, Services, nameof(OnboardDestinationOrchestrator), input.InstanceId);
        driver.Start(ClientConverter.Serialize(input)!);

        // A seven-day wait is longer than the worker's longest timer: it is made of several, each created when the last fires.
        await RunFiringTimersAsync(driver, () => driver.Completion is not null);

        Assert.Equal(OnboardingStage.ApprovalTimedOut, Outcome(driver).Stage);
        Assert.Contains(driver.Activities, a => a.Name == nameof(BeginDeletePrivateEndpointActivity) && a.Input == JsonSerializer.Serialize(input.EndpointName));
        Assert.False(_arm.Exists(input.EndpointName));

        // The default reminders (3 days, 1 day, 1 hour before the deadline), each once, between the request and the timeout.
        string?[] details = [.. _events.Events.Where(e => e.DestinationId == input.DestinationId).Select(e => e.Detail)];
        Assert.Equal(3, details.Count(d => d!.StartsWith("Reminder:", StringComparison.Ordinal)));
        Assert.Equal([OnboardingStage.AwaitingApproval, OnboardingStage.AwaitingApproval, OnboardingStage.AwaitingApproval, OnboardingStage.AwaitingApproval, OnboardingStage.ApprovalTimedOut],
            _events.Events.Where(e => e.DestinationId == input.DestinationId).Select(e => e.Stage));
    }

    [Fact]
    public async Task RecheckDestinationOrchestrator_ApprovedEndpoint_ProbesAgainAndIsReady()
    {
        OnboardDestinationInput input = await WithApprovedEndpointAsync("dst-host-3");
        var driver = new OrchestrationDriver(_worker!, Services, nameof(RecheckDestinationOrchestrator), input.InstanceId);

        driver.Start(ClientConverter.Serialize(new RecheckInput(input, null))!);
        await RunFiringTimersAsync(driver, () => driver.Completion is not null);

        Assert.Equal(OnboardingStage.Ready, Outcome(driver).Stage);
        Assert.Equal(nameof(GetConnectionStateActivity), driver.Activities[0].Name);
        Assert.Contains(driver.Activities, a => a.Name == nameof(ProbeEndpointActivity));
    }

    [Fact]
    public async Task OffboardDestinationOrchestrator_ApprovedEndpoint_DeletesItAndIsOffboarded()
    {
        OnboardDestinationInput input = await WithApprovedEndpointAsync("dst-host-4");
        var driver = new OrchestrationDriver(_worker!, Services, nameof(OffboardDestinationOrchestrator), input.InstanceId);

        driver.Start(ClientConverter.Serialize(new RecheckInput(input, null))!);
        await RunFiringTimersAsync(driver, () => driver.Completion is not null);

        Assert.Equal(OnboardingStage.Offboarded, Outcome(driver).Stage);
        Assert.Contains(driver.Activities, a => a.Name == nameof(BeginDeletePrivateEndpointActivity));
        Assert.False(_arm.Exists(input.EndpointName));
    }

    [Fact]
    public void Worker_IndexesEveryOrchestratorAndActivityTheseTestsDrive()
    {
        // The four scenarios above drive these functions; a new one must be added to them.
        string[] durable =
        [
            nameof(OnboardDestinationOrchestrator), nameof(RecheckDestinationOrchestrator), nameof(OffboardDestinationOrchestrator), nameof(HealthCheckDestinationOrchestrator),
            nameof(ValidateTargetActivity), nameof(BeginCreatePrivateEndpointActivity), nameof(GetOperationStatusActivity),
            nameof(GetConnectionStateActivity), nameof(BeginDeletePrivateEndpointActivity), nameof(ProbeEndpointActivity),
            nameof(PublishDestinationEventActivity), nameof(RegisterPrivateDnsActivity), nameof(GetPrivateDnsRecordsActivity),
            nameof(DeletePrivateDnsRecordActivity), nameof(GetApprovalRemindersActivity),
        ];
        string[] indexed = [.. _worker!.FunctionNames.Where(n => _worker.TriggerType(n) is "orchestrationTrigger" or "activityTrigger")];

        Assert.Equal(durable.Order(StringComparer.Ordinal), indexed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Worker_ClientWorkerAndActivityConverters_WriteTheProductsJson()
    {
        // One serializer: what the [DurableClient] client writes, the orchestration trigger, the activity triggers and the worker read.
        var status = new OnboardingStatus(OnboardingStage.AwaitingApproval, DateTime.UnixEpoch, "waiting", [], null, null);
        string expected = OnboardingDataConverter.Instance.Serialize(status)!;
        DataConverter worker = Services.GetRequiredService<IOptions<DurableTaskWorkerOptions>>().Value.DataConverter;
        ObjectSerializer serializer = Services.GetRequiredService<IOptions<WorkerOptions>>().Value.Serializer!;

        Assert.Equal(expected, ClientConverter.Serialize(status));
        Assert.Equal(expected, worker.Serialize(status));
        Assert.Equal(expected, serializer.Serialize(status, typeof(OnboardingStatus), default).ToString());
        Assert.Equal(expected, JsonSerializer.Serialize(status, Services.GetRequiredService<IOptions<JsonSerializerOptions>>().Value));
        Assert.Contains("\"AwaitingApproval\"", expected, StringComparison.Ordinal);
    }

    private DataConverter ClientConverter => Services.GetRequiredService<IOptions<DurableTaskClientOptions>>().Value.DataConverter;

    private static OnboardDestinationInput Input(string destinationId) =>
        OnboardingRequestValidator.Validate(
            new OnboardingRequest
            {
                DestinationId = destinationId,
                DestinationType = "AzurePostgreSql",
                TargetResourceId = TargetId,
                HostName = "pg1.postgres.database.azure.com",
                TicketId = "SUP-1234",
            },
            out _) ?? throw new InvalidOperationException("Invalid test request.");

    private async Task<OnboardDestinationInput> WithApprovedEndpointAsync(string destinationId)
    {
        OnboardDestinationInput input = Input(destinationId);
        await _arm.BeginCreatePrivateEndpointAsync(new CreatePrivateEndpointRequest(input.EndpointName, TargetId, "postgresqlServer", "test", destinationId), CancellationToken.None);
        _arm.SetStatus(input.EndpointName, ConnectionStatus.Approved, "Approved");
        return input;
    }

    /// <summary>Runs the orchestration, firing its pending timers in time order (as the host does when their time comes) until <paramref name="done"/>.</summary>
    private static async Task RunFiringTimersAsync(OrchestrationDriver driver, Func<bool> done)
    {
        await driver.RunUntilIdleAsync();
        for (int fired = 0; !done() && driver.Completion is null && driver.Timers.Count > 0; fired++)
        {
            Assert.True(fired < 100, "the orchestration kept creating timers");
            driver.FireTimer(driver.Timers.MinBy(t => t.Value.ToDateTime()).Key);
            await driver.RunUntilIdleAsync();
        }

        Assert.True(done(), "the orchestration went idle without a timer to fire");
    }

    private OnboardingStatus Outcome(OrchestrationDriver driver)
    {
        Assert.NotNull(driver.Completion);
        Assert.True(driver.Completion.OrchestrationStatus == OrchestrationStatus.Completed, driver.Completion.FailureDetails?.ToString());
        return ClientConverter.Deserialize<OnboardingStatus>(driver.Completion.Result)!;
    }

    private OnboardingStatus Status(OrchestrationDriver driver) => ClientConverter.Deserialize<OnboardingStatus>(driver.CustomStatus)!;
}
