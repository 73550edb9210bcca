using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PrivateLink.Api.Inbound.Watcher;
using PrivateLink.Api.Jobs;
using PrivateLink.Arm;
using PrivateLink.ArmEmulator;

namespace PrivateLink.Host.Tests.Watcher;

/// <summary>The orphan reconciler's delete against the emulator on its recorded timing (a 40 s DELETE operation), on a clock that does not move.</summary>
public sealed class OrphanReconcilerDeleteTests
{
    private const string EndpointGroup = "rg-privatelink-onboarding";

    [Fact]
    public async Task RunOnceAsync_OrphanWhoseDeleteTakesFortySeconds_SendsOneDeleteAndDoesNotWaitForIt()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var armClock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        await using ArmEmulatorServer emulator = await ArmEmulatorServer.StartAsync(new ArmEmulatorOptions(), armClock, timeout.Token);
        emulator.AddResourceGroup(EndpointGroup);
        string target = emulator.ResourceId("rg-data", "Microsoft.Storage/storageAccounts", "lake1");
        emulator.SeedTarget(target);
        emulator.SeedPrivateEndpoints(
            EndpointGroup, ["pe-onboard-gone"], target, new Dictionary<string, string> { [ArmTags.Owner] = "privatelink-onboarding", [ArmTags.Destination] = "gone" });
        await using ServiceProvider arm = ArmOverEmulator(emulator);
        await using WorkflowHarness engine = await WorkflowHarness.StartAsync(); // the task hub: no instance for "gone"
        var sut = new OrphanReconciler(
            engine.Client,
            arm.GetRequiredService<IPrivateEndpointClient>(),
            new OrphanSightings(),
            Options.Create(new OrphanReconcilerOptions { GracePeriod = TimeSpan.Zero }),
            arm.GetRequiredService<IOptions<ArmOptions>>(),
            armClock,
            NullLogger<OrphanReconciler>.Instance);
        emulator.ClearJournal();

        // Waiting for the operation would poll until the emulator's clock passes 40 s, which it never does here.
        OrphanReconcilerPass pass = await sut.RunOnceAsync(timeout.Token);
        bool stillDeleting = emulator.PrivateEndpointExists("pe-onboard-gone");
        armClock.Advance(TimeSpan.FromSeconds(41));
        OrphanReconcilerPass next = await sut.RunOnceAsync(timeout.Token);

        Assert.Equal((1, 1, 0), (pass.Orphans, pass.Deleted, pass.DeleteFailed));
        Assert.True(stillDeleting);
        Assert.Equal(1, emulator.CountRequests("DELETE"));
        Assert.Equal(0, emulator.CountRequests("GET", "/operations/"));
        Assert.Equal((0, 0), (next.Orphans, next.Deleted));
        Assert.False(emulator.PrivateEndpointExists("pe-onboard-gone"));
    }

    private static ServiceProvider ArmOverEmulator(ArmEmulatorServer emulator)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Arm:Endpoint"] = emulator.BaseAddress.ToString(),
            ["Arm:TrustedServerCertificateThumbprint"] = emulator.CertificateThumbprint,
            ["Arm:SubscriptionId"] = emulator.SubscriptionId,
            ["Arm:ResourceGroup"] = EndpointGroup,
            ["Arm:Location"] = "eastus",
            ["Arm:SubnetId"] = $"/subscriptions/{emulator.SubscriptionId}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet-pe",
        }).Build();
        return new ServiceCollection()
            .AddLogging()
            .AddSingleton(configuration)
            .AddSingleton<TokenCredential>(new EmulatorTokenCredential())
            .AddArmPrivateEndpointClient()
            .BuildServiceProvider();
    }
}
