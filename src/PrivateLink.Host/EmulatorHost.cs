using PrivateLink.ArmEmulator;

namespace PrivateLink.Host;

/// <summary>Starts the in-process ARM emulator when the runner's configuration enables it, and seeds its targets.</summary>
internal static class EmulatorHost
{
    /// <summary>The resource group the runner creates endpoints in when it runs against the emulator.</summary>
    public const string ResourceGroup = "rg-privatelink-onboarding";

    /// <summary>Starts the emulator (called once, when the container first needs it).</summary>
    /// <param name="options">The hosting options.</param>
    /// <param name="emulatorOptions">The emulator's behaviour (recorded reality unless configured otherwise).</param>
    /// <returns>The running emulator; the container disposes it.</returns>
    public static ArmEmulatorServer Start(EmulatorHostingOptions options, ArmEmulatorOptions emulatorOptions)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(emulatorOptions);
        emulatorOptions.PrivateIpAddress = options.PrivateIpAddress;
        if (options.InstantOperations)
        {
            emulatorOptions.PollsUntilTerminal = 1;
            emulatorOptions.OperationDuration = TimeSpan.Zero;
            emulatorOptions.CosmosDbOperationDuration = TimeSpan.Zero;
            emulatorOptions.ConflictWindowAfterCreate = TimeSpan.Zero;
            emulatorOptions.ConnectionStateLag = TimeSpan.Zero;
            emulatorOptions.CosmosDbConnectionStateLag = TimeSpan.Zero;
            emulatorOptions.DnsConfigLagAfterApproval = TimeSpan.Zero;
            emulatorOptions.PostgreSqlApprovingDuration = TimeSpan.Zero;
            emulatorOptions.PrivateDnsZoneGroupOperationDuration = TimeSpan.Zero;
        }

        // Resolved from DI, which is synchronous; ASP.NET Core has no synchronization context to deadlock on.
        ArmEmulatorServer emulator = ArmEmulatorServer.StartAsync(emulatorOptions, CancellationToken.None).GetAwaiter().GetResult();
        emulator.AddResourceGroup(ResourceGroup);
        foreach (string target in options.Targets)
        {
            emulator.SeedTarget(target, access: options.TargetAccess);
        }

        return emulator;
    }

    /// <summary>Points the ARM adapter at the emulator.</summary>
    /// <param name="arm">The adapter options.</param>
    /// <param name="emulator">The running emulator.</param>
    public static void Configure(PrivateLink.Arm.ArmOptions arm, ArmEmulatorServer emulator)
    {
        string sub = emulator.SubscriptionId;
        arm.Endpoint = emulator.BaseAddress;
        arm.TrustedServerCertificateThumbprint = emulator.CertificateThumbprint;
        arm.SubscriptionId = sub;
        arm.ResourceGroup = ResourceGroup;
        arm.Location = "eastus";
        arm.SubnetId = $"/subscriptions/{sub}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-integration/subnets/snet-private-endpoints";
    }
}
