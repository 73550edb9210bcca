using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PrivateLink.ArmEmulator;

namespace PrivateLink.Arm.Tests;

/// <summary>Starts a fresh emulator per test and builds adapters pointed at it.</summary>
public abstract class EmulatorTestBase : IAsyncLifetime
{
    protected const string ResourceGroup = "rg-privatelink";
    protected const string PrivateEndpointPath = "/privateEndpoints/";
    protected const string OperationPath = "/operations/";

    private readonly List<ArmPrivateEndpointClient> clients = [];

    protected ArmEmulatorServer Emulator { get; private set; } = null!;

    protected CancellationToken Timeout { get; } = new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    /// <summary>Gets the options of the emulator; the default is recorded reality (40-second operations, 401 on targets, ...).</summary>
    protected virtual ArmEmulatorOptions EmulatorOptions => new();

    /// <summary>Gets the emulator's clock: the system clock unless a test class overrides it with a fake one.</summary>
    protected virtual TimeProvider EmulatorClock => TimeProvider.System;

    public async Task InitializeAsync() => Emulator = await ArmEmulatorServer.StartAsync(EmulatorOptions, EmulatorClock, Timeout);

    /// <summary>The opt-in of tests that create and delete endpoints as set-up or shape checks: operations end at the first poll, no conflict window, no lags.</summary>
    /// <returns>Options that are kinder than ARM on exactly those points.</returns>
    protected static ArmEmulatorOptions InstantOperations() => new()
    {
        PollsUntilTerminal = 1,
        OperationDuration = TimeSpan.Zero,
        CosmosDbOperationDuration = TimeSpan.Zero,
        ConflictWindowAfterCreate = TimeSpan.Zero,
        ConnectionStateLag = TimeSpan.Zero,
        CosmosDbConnectionStateLag = TimeSpan.Zero,
        DnsConfigLagAfterApproval = TimeSpan.Zero,
    };

    public async Task DisposeAsync()
    {
        foreach (ArmPrivateEndpointClient client in clients)
        {
            client.Dispose();
        }

        await Emulator.DisposeAsync();
    }

    protected ArmOptions CreateOptions() => new()
    {
        Endpoint = Emulator.BaseAddress,
        SubscriptionId = Emulator.SubscriptionId,
        ResourceGroup = ResourceGroup,
        Location = "eastus",
        SubnetId = Emulator.ResourceId(ResourceGroup, "Microsoft.Network/virtualNetworks", "vnet") + "/subnets/endpoints",
        OwnerTag = "tests",
        TrustedServerCertificateThumbprint = Emulator.CertificateThumbprint,
        MaxRetries = 3,
        RetryDelay = TimeSpan.FromMilliseconds(10),
        RetryMaxDelay = TimeSpan.FromMilliseconds(50),
    };

    private protected ArmPrivateEndpointClient CreateSut(Action<ArmOptions>? configure = null, TimeProvider? timeProvider = null)
    {
        ArmOptions options = CreateOptions();
        configure?.Invoke(options);
        var client = new ArmPrivateEndpointClient(
            Options.Create(options), timeProvider ?? TimeProvider.System, NullLogger<ArmPrivateEndpointClient>.Instance, new EmulatorTokenCredential());
        clients.Add(client);
        return client;
    }

    /// <summary>Seeds a SQL server; readable by the service unless <paramref name="access"/> says otherwise (real customers' are not).</summary>
    protected string SeedSqlServer(string name = "sql-customer", TargetAccess access = TargetAccess.Readable)
    {
        string id = Emulator.ResourceId("rg-customer", "Microsoft.Sql/servers", name);
        Emulator.SeedTarget(id, access: access);
        return id;
    }

    /// <summary>Creates an endpoint as the workflow does: one PUT, one poll at a time until the operation ends (it must succeed), one GET.</summary>
    private protected static async Task<PrivateEndpointInfo> CreateEndpointAsync(ArmPrivateEndpointClient sut, CreatePrivateEndpointRequest request, CancellationToken cancellationToken)
    {
        PrivateEndpointCreateStarted started = await sut.BeginCreatePrivateEndpointAsync(request, cancellationToken);
        OperationStatus status = await PollUntilDoneAsync(sut, started.Operation, cancellationToken);
        Assert.Equal(OperationState.Succeeded, status.State);
        return (await sut.GetPrivateEndpointAsync(request.EndpointName, cancellationToken))!;
    }

    /// <summary>Deletes an endpoint as the workflow does: one DELETE, then one poll at a time until the operation ends (it must succeed).</summary>
    /// <returns>True when there was an endpoint to delete.</returns>
    private protected static async Task<bool> DeleteEndpointAsync(ArmPrivateEndpointClient sut, string endpointName, CancellationToken cancellationToken)
    {
        PrivateEndpointOperation? operation = await sut.BeginDeletePrivateEndpointAsync(endpointName, cancellationToken);
        if (operation is null)
        {
            return false;
        }

        Assert.Equal(OperationState.Succeeded, (await PollUntilDoneAsync(sut, operation, cancellationToken)).State);
        return true;
    }

    /// <summary>Polls an operation until it is no longer in progress (at most 20 polls: the emulator's operations here end at the first).</summary>
    private protected static async Task<OperationStatus> PollUntilDoneAsync(ArmPrivateEndpointClient sut, PrivateEndpointOperation operation, CancellationToken cancellationToken)
    {
        for (int poll = 0; poll < 20; poll++)
        {
            OperationStatus status = await sut.GetOperationStatusAsync(operation, cancellationToken);
            if (status.State != OperationState.InProgress)
            {
                return status;
            }
        }

        throw new InvalidOperationException($"The {operation.Kind} operation of {operation.EndpointName} was still in progress after 20 polls.");
    }

    protected static CreatePrivateEndpointRequest Request(string targetId, string endpointName = "pe-dest-1", string? groupId = "sqlServer") =>
        new(endpointName, targetId, groupId, "Please approve the data-integration connection.", "dest-1");
}
