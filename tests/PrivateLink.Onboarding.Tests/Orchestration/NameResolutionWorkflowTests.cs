using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PrivateLink.Arm;
using PrivateLink.Connectivity;
using PrivateLink.Connectivity.NameResolution;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Tests.Support;
using PrivateLink.SupportMatrix;

namespace PrivateLink.Onboarding.Tests.Orchestration;

/// <summary>
/// The connectivity step with the real probe: a real PostgreSQL (scripts/services/postgres.sh) reached at the endpoint's private
/// IP, and the host name checked against a real DNS server (scripts/services/dnsmasq.sh) serving a private and a public answer.
/// </summary>
public sealed class NameResolutionWorkflowTests : IAsyncLifetime
{
    private const string Sub = "00000000-0000-0000-0000-000000000001";
    private const string TargetId = $"/subscriptions/{Sub}/resourceGroups/rg-data/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg1";
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));
    private WorkflowHarness _harness = null!;

    public async Task InitializeAsync()
    {
        ConnectivityProbe probe = new(Options.Create(new ProbeOptions { DnsServers = Environment("PL_TEST_DNS_SERVER") }), TimeProvider.System);
        _harness = await WorkflowHarness.StartAsync(services => services.AddSingleton<IConnectivityProbe>(probe));
        _harness.Arm.AddTarget(TargetId, "Microsoft.DBforPostgreSQL/flexibleServers", ["postgresqlServer"]);
        _harness.Arm.PrivateIp = "127.0.0.1";
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task Onboard_NameResolvesToTheEndpointStrict_EndsReadyWithTheCheckInTheStatus()
    {
        OnboardingStatus status = await OnboardAsync("dst-dns-private", "pg-loopback.postgres.database.test", strict: true);

        Assert.Equal(OnboardingStage.Ready, status.Stage);
        ProbeResult probe = Assert.Single(status.Probes!);
        Assert.True(probe.ClearText);
        Assert.NotNull(probe.NameResolution);
        Assert.Equal(NameResolutionOutcome.MatchesEndpoint, probe.NameResolution.Outcome);
        Assert.Equal(["pg-loopback.privatelink.postgres.database.test"], probe.NameResolution.Aliases);
        Assert.DoesNotContain("warning", status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Onboard_NameResolvesPublicNotStrict_EndsReadyWithTheWarningInTheDetail()
    {
        OnboardingStatus status = await OnboardAsync("dst-dns-public", "public.postgres.database.test", strict: false);

        Assert.Equal(OnboardingStage.Ready, status.Stage);
        Assert.Contains("warning: public.postgres.database.test resolves to the public address 203.0.113.10", status.Detail, StringComparison.Ordinal);
        Assert.Equal(NameResolutionOutcome.PublicAddress, Assert.Single(status.Probes!).NameResolution!.Outcome);
    }

    [Fact]
    public async Task Onboard_NameResolvesPublicStrict_EndsConnectivityFailedNamingTheAddress()
    {
        OnboardingStatus status = await OnboardAsync("dst-dns-strict", "public.postgres.database.test", strict: true);

        Assert.Equal(OnboardingStage.ConnectivityFailed, status.Stage);
        Assert.Contains("NameNotPrivate", status.Detail, StringComparison.Ordinal);
        Assert.Contains("resolves to the public address 203.0.113.10", status.Detail, StringComparison.Ordinal);
        Assert.Contains("not to the endpoint's private IP 127.0.0.1", status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Onboard_NxdomainStrict_EndsConnectivityFailed()
    {
        OnboardingStatus status = await OnboardAsync("dst-dns-nx", "missing.postgres.database.test", strict: true);

        Assert.Equal(OnboardingStage.ConnectivityFailed, status.Stage);
        Assert.Equal(NameResolutionOutcome.NotFound, Assert.Single(status.Probes!).NameResolution!.Outcome);
    }

    private async Task<OnboardingStatus> OnboardAsync(string destinationId, string hostName, bool strict)
    {
        OnboardDestinationInput input = new OnboardDestinationInput(
            destinationId,
            DestinationType.AzurePostgreSql,
            TargetId,
            null,
            hostName,
            [new PortMapping(int.Parse(Environment("PG_CLEAR_PORT"), System.Globalization.CultureInfo.InvariantCulture), null)],
            false,
            "SUP-1",
            TimeSpan.FromDays(1),
            null,
            Limits: WorkflowTestLimits.Fast) { StrictNameResolution = strict };

        await _harness.StartOnboardingAsync(input, _timeout.Token);
        await _harness.WaitForStageAsync(input, OnboardingStage.AwaitingApproval, _timeout.Token);
        _harness.Arm.SetStatus(input.EndpointName, ConnectionStatus.Approved);
        await _harness.RaiseApprovalAsync(input, _timeout.Token);
        OrchestrationMetadata done = await _harness.WaitForCompletionAsync(input, _timeout.Token);
        return done.ReadCustomStatusAs<OnboardingStatus>()!;
    }

    private static string Environment(string name) =>
        System.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the tests via ./test.sh, or start scripts/services/{{postgres,dnsmasq}}.sh and source $PL_STATE_DIR/*.env first.");
}
