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

    /// <summary>The opt-in of tests that drive the blocking calls: operations end at the first poll, no conflict window, no lags.</summary>
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

    protected static CreatePrivateEndpointRequest Request(string targetId, string endpointName = "pe-dest-1", string? groupId = "sqlServer") =>
        new(endpointName, targetId, groupId, "Please approve the data-integration connection.", "dest-1");
}
