using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PrivateLink.Api.Security;
using PrivateLink.ArmEmulator;
using PrivateLink.Connectivity;
using PrivateLink.TestIdentity;

namespace PrivateLink.Api.Tests.Http;

/// <summary>
/// The runner with its in-memory engine and the in-process ARM emulator (Development: the emulator is refused elsewhere); probes answer
/// from a table (protocols are tested elsewhere against real servers). Callers authenticate with real tokens from the loopback OpenID
/// provider: <see cref="WebApplicationFactory{TEntryPoint}.CreateClient()"/> carries a token with every role.
/// </summary>
public sealed class RunnerFactory : WebApplicationFactory<Program>
{
    public const string Sub = "00000000-0000-0000-0000-000000000001";
    public const string StorageTarget = $"/subscriptions/{Sub}/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/lake1";
    public const string SqlTarget = $"/subscriptions/{Sub}/resourceGroups/rg-data/providers/Microsoft.Sql/servers/sql1";

    internal FakeProbe Probe { get; } = new();

    public RunnerFactory()
        : this(TestIdentityProvider.SharedAsync().GetAwaiter().GetResult())
    {
    }

    internal RunnerFactory(TestIdentityProvider identity)
    {
        Identity = identity;
    }

    /// <summary>Gets the OpenID provider the runner trusts.</summary>
    public TestIdentityProvider Identity { get; }

    public ArmEmulatorServer Emulator => Services.GetRequiredService<ArmEmulatorServer>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach ((string key, string? value) in Identity.RunnerSettings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("ArmEmulator:Enabled", "true");
        builder.UseSetting("ArmEmulator:Targets:0", StorageTarget);
        builder.UseSetting("ArmEmulator:Targets:1", SqlTarget);

        // Opt-ins kinder than ARM: these tests read the targets and drive today's blocking create.
        builder.UseSetting("ArmEmulator:TargetAccess", "Readable");
        builder.UseSetting("ArmEmulator:InstantOperations", "true");
        builder.UseSetting("ApprovalWatcher:Enabled", "false");

        // These tests are about the API, not ARM's timing: they opt out of the emulator's recorded durations and lags, and read
        // their targets (the emulator's default is another tenant's, unreadable). The realistic defaults are exercised end to end in the host tests.
        builder.UseSetting("ArmEmulator:OperationDuration", "00:00:00.200");
        builder.UseSetting("ArmEmulator:CosmosDbOperationDuration", "00:00:00.200");
        builder.UseSetting("ArmEmulator:ConflictWindowAfterCreate", "00:00:00");
        builder.UseSetting("ArmEmulator:DnsConfigLagAfterApproval", "00:00:00");
        builder.UseSetting("ArmEmulator:ConnectionStateLag", "00:00:00");
        builder.UseSetting("ArmEmulator:CosmosDbConnectionStateLag", "00:00:00");
        builder.UseSetting("ArmEmulator:PostgreSqlApprovingDuration", "00:00:00");
        builder.UseSetting("OrphanReconciler:Enabled", "false");

        // The contract tests poll status every 25 ms as one caller; the limiter's own tests lower these again.
        builder.UseSetting("RateLimiting:ReadsPerCallerPerMinute", "100000");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<IConnectivityProbe>();
            services.AddSingleton<IConnectivityProbe>(Probe);
            Identity.ConfigureRunner(services);
        });
    }

    /// <summary>A client with a token holding these roles (none: an authenticated caller without roles).</summary>
    public async Task<HttpClient> CreateClientWithRolesAsync(params string[] roles)
    {
        HttpClient client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await Identity.GetTokenAsync(roles));
        return client;
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer", Identity.GetTokenAsync([.. OnboardingRoles.All]).GetAwaiter().GetResult());
    }
}
