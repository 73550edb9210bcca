using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PrivateLink.ArmEmulator;

namespace PrivateLink.Arm.Tests;

/// <summary>Starts a fresh emulator per test and builds adapters pointed at it.</summary>
public abstract class EmulatorTestBase : IAsyncLifetime
{
    protected const string ResourceGroup = "rg-privatelink";
    protected const string PrivateEndpointPath = "/privateEndpoints/";
    protected const string OperationPath = "/operationResults/";

    private readonly List<ArmPrivateEndpointClient> clients = [];

    protected ArmEmulatorServer Emulator { get; private set; } = null!;

    protected CancellationToken Timeout { get; } = new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    protected virtual ArmEmulatorOptions EmulatorOptions => new();

    public async Task InitializeAsync() => Emulator = await ArmEmulatorServer.StartAsync(EmulatorOptions, Timeout);

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

    protected string SeedSqlServer(string name = "sql-customer")
    {
        string id = Emulator.ResourceId("rg-customer", "Microsoft.Sql/servers", name);
        Emulator.SeedTarget(id);
        return id;
    }

    protected static CreatePrivateEndpointRequest Request(string targetId, string endpointName = "pe-dest-1", string? groupId = "sqlServer") =>
        new(endpointName, targetId, groupId, "Please approve the data-integration connection.", "dest-1");
}
