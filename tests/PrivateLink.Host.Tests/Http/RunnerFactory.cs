using Microsoft.Extensions.DependencyInjection;
using PrivateLink.Api.Jobs;
using PrivateLink.Api.Security;
using PrivateLink.ArmEmulator;
using PrivateLink.Connectivity;
using PrivateLink.Host.Tests.Reliability;
using PrivateLink.TestIdentity;

namespace PrivateLink.Api.Tests.Http;

/// <summary>
/// The HTTP tests' preset of the one in-process runner (<see cref="InProcessRunner"/>): the in-memory engine and the in-process ARM
/// emulator (Development: the emulator is refused elsewhere) on opt-ins kinder than ARM; probes answer from a table (protocols are
/// tested elsewhere against real servers). Callers authenticate with real tokens from the loopback OpenID provider:
/// <see cref="CreateClient"/> carries a token with every role.
/// </summary>
public sealed class RunnerFactory : IAsyncLifetime, IAsyncDisposable
{
    public const string Sub = "00000000-0000-0000-0000-000000000001";
    public const string StorageTarget = $"/subscriptions/{Sub}/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/lake1";
    public const string SqlTarget = $"/subscriptions/{Sub}/resourceGroups/rg-data/providers/Microsoft.Sql/servers/sql1";

    private readonly IReadOnlyDictionary<string, string?> _overrides;
    private InProcessRunner? _runner;

    public RunnerFactory()
        : this(TestIdentityProvider.SharedAsync().GetAwaiter().GetResult())
    {
    }

    private RunnerFactory(TestIdentityProvider identity, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        Identity = identity;
        _overrides = overrides ?? new Dictionary<string, string?>();
    }

    /// <summary>Gets the OpenID provider the runner trusts.</summary>
    public TestIdentityProvider Identity { get; }

    public IServiceProvider Services => Runner.Services;

    public ArmEmulatorServer Emulator => Services.GetRequiredService<ArmEmulatorServer>();

    internal FakeProbe Probe { get; } = new();

    private InProcessRunner Runner => _runner ?? throw new InvalidOperationException("The runner has not been started.");

    /// <summary>Starts this preset trusting another provider, with settings over the preset's.</summary>
    public static async Task<RunnerFactory> StartAsync(TestIdentityProvider identity, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var factory = new RunnerFactory(identity, overrides);
        await factory.InitializeAsync();
        return factory;
    }

    /// <summary>Starts a second runner of this preset with settings over its own (the first keeps running).</summary>
    public Task<RunnerFactory> WithSettingsAsync(IReadOnlyDictionary<string, string?> overrides) => StartAsync(Identity, overrides);

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ArmEmulator:Enabled"] = "true",
            ["ArmEmulator:Targets:0"] = StorageTarget,
            ["ArmEmulator:Targets:1"] = SqlTarget,

            // Opt-ins kinder than ARM: these tests are about the API, not ARM's timing. They read their targets (the emulator's default
            // is another tenant's, unreadable) and opt out of the recorded durations and lags; the realistic defaults are exercised end
            // to end in the other host tests.
            ["ArmEmulator:TargetAccess"] = "Readable",
            ["ArmEmulator:InstantOperations"] = "true",
            ["ArmEmulator:OperationDuration"] = "00:00:00.200",
            ["ArmEmulator:CosmosDbOperationDuration"] = "00:00:00.200",
            ["ArmEmulator:ConflictWindowAfterCreate"] = "00:00:00",
            ["ArmEmulator:DnsConfigLagAfterApproval"] = "00:00:00",
            ["ArmEmulator:ConnectionStateLag"] = "00:00:00",
            ["ArmEmulator:CosmosDbConnectionStateLag"] = "00:00:00",
            ["ArmEmulator:PostgreSqlApprovingDuration"] = "00:00:00",
            ["ApprovalWatcher:Enabled"] = "false",
            ["OrphanReconciler:Enabled"] = "false",
            ["DurableTask:StorageConnectionString"] = null,

            // The contract tests poll status every 25 ms as one caller; the limiter's own tests lower this again.
            ["RateLimiting:ReadsPerCallerPerMinute"] = "100000",
        };
        foreach ((string key, string? value) in _overrides)
        {
            settings[key] = value;
        }

        _runner = await InProcessRunner.StartAsync(settings, CancellationToken.None, services: services => services.AddSingleton<IConnectivityProbe>(Probe), identity: Identity);
    }

    /// <summary>A new client with a token holding every role.</summary>
    public HttpClient CreateClient()
    {
        HttpClient client = Runner.CreateClient(TimeSpan.FromSeconds(100));
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer", Identity.GetTokenAsync([.. OnboardingRoles.All]).GetAwaiter().GetResult());
        return client;
    }

    /// <summary>A client with a token holding these roles (none: an authenticated caller without roles).</summary>
    public Task<HttpClient> CreateClientWithRolesAsync(params string[] roles) => Runner.CreateClientWithRolesAsync(roles);

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        if (_runner is not null)
        {
            await _runner.DisposeAsync();
            _runner = null;
        }
    }
}
