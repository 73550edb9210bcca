using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PrivateLink.ArmEmulator;
using PrivateLink.Connectivity;

namespace PrivateLink.Api.Tests.Http;

/// <summary>The runner with its in-memory engine and the in-process ARM emulator; probes answer from a table (protocols are tested elsewhere against real servers).</summary>
public sealed class RunnerFactory : WebApplicationFactory<Program>
{
    public const string Sub = "00000000-0000-0000-0000-000000000001";
    public const string StorageTarget = $"/subscriptions/{Sub}/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/lake1";
    public const string SqlTarget = $"/subscriptions/{Sub}/resourceGroups/rg-data/providers/Microsoft.Sql/servers/sql1";

    internal TableProbe Probe { get; } = new();

    public ArmEmulatorServer Emulator => Services.GetRequiredService<ArmEmulatorServer>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ArmEmulator:Enabled", "true");
        builder.UseSetting("ArmEmulator:Targets:0", StorageTarget);
        builder.UseSetting("ArmEmulator:Targets:1", SqlTarget);

        // Opt-ins kinder than ARM: these tests read the targets and drive today's blocking create.
        builder.UseSetting("ArmEmulator:TargetAccess", "Readable");
        builder.UseSetting("ArmEmulator:InstantOperations", "true");
        builder.UseSetting("ApprovalWatcher:Enabled", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<IConnectivityProbe>();
            services.AddSingleton<IConnectivityProbe>(Probe);
        });
    }
}
