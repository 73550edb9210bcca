using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PrivateLink.ArmEmulator;
using PrivateLink.Host.Demo;
using PrivateLink.Host.Tests.Reliability;
using PrivateLink.Onboarding.Model;
using PrivateLink.SupportMatrix;

namespace PrivateLink.Host.Tests.Browser;

/// <summary>
/// The real runner (in-memory engine, ARM emulator) on a loopback port serving the operator console, and a local TLS destination
/// (the demo's CA and HTTPS server) for the connectivity check. Shared by the browser tests; each test uses its own destination ids.
/// </summary>
public sealed class ConsoleRunnerFixture : IAsyncLifetime
{
    private const string Subscription = "00000000-0000-0000-0000-000000000001";

    private DemoCertificates? _certificates;
    private DemoDestination? _destination;
    private InProcessRunner? _runner;

    public string StorageTargetId { get; } = $"/subscriptions/{Subscription}/resourceGroups/rg-customer-data/providers/Microsoft.Storage/storageAccounts/customerlake01";

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public ArmEmulatorServer Emulator { get; private set; } = null!;

    /// <summary>Gets the port of the local TLS destination every onboarding of the fixture probes.</summary>
    public int DestinationPort => _destination!.Port;

    public async Task InitializeAsync()
    {
        _certificates = DemoCertificates.Create();
        _destination = await DemoDestination.StartAsync(_certificates, CancellationToken.None);
        _runner = await InProcessRunner.StartAsync(
            new Dictionary<string, string?>
            {
                ["ArmEmulator:Enabled"] = "true",
                ["ArmEmulator:PrivateIpAddress"] = "127.0.0.1",
                ["ArmEmulator:Targets:0"] = StorageTargetId,

                // The console is under test, not ARM's timing: short creates, approvals shown at once.
                ["ArmEmulator:OperationDuration"] = "00:00:01",
                ["ArmEmulator:PrivateDnsZoneGroupOperationDuration"] = "00:00:01",
                ["ArmEmulator:ConnectionStateLag"] = "00:00:00",
                ["DurableTask:StorageConnectionString"] = null,
            },
            CancellationToken.None);
        BaseAddress = _runner.BaseAddress;
        Http = _runner.Http;
        ConsoleToken = Http.DefaultRequestHeaders.Authorization!.Parameter!;
        Emulator = _runner.Services.GetRequiredService<ArmEmulatorServer>();
    }

    /// <summary>Starts an onboarding through the public API, as the ticket system would.</summary>
    public async Task SubmitAsync(string destinationId, string ticketId, DestinationType type = DestinationType.AzureDataLakeStorage, string? targetResourceId = null)
    {
        var request = new
        {
            destinationId,
            destinationType = type.ToString(),
            targetResourceId = targetResourceId ?? StorageTargetId,
            hostName = "localhost",
            ports = new[] { new { port = _destination!.Port } },
            requireTls = true,
            ticketId,
            approvalTimeout = "PT1H",
            trustedCaCertificatesPem = _certificates!.CaPem,
        };
        using HttpResponseMessage response = await Http.PostAsJsonAsync("/api/onboardings", request);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /api/onboardings for {destinationId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The customer approves in ARM (with their own note), then the ticket system notifies the API.</summary>
    public async Task ApproveAsync(string destinationId, string description = "Approved by the customer")
    {
        Assert.True(Emulator.ApproveConnection(OnboardDestinationInput.EndpointNameFor(destinationId), description), $"no endpoint to approve for {destinationId}");
        Emulator.ApproveConnection(OnboardDestinationInput.EndpointNameFor(destinationId) + "-dfs", description); // a data lake's second endpoint, when there is one
        using HttpResponseMessage response = await Http.PostAsync($"/api/onboardings/{destinationId}/approval", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    public string ConsoleUrl(string fragment = "/") => new Uri(BaseAddress, $"/?poll=1000#{fragment}").ToString();

    /// <summary>Gets the all-roles token the console tests' page holds (from the loopback OpenID provider).</summary>
    public string ConsoleToken { get; private set; } = null!;

    /// <summary>
    /// Opens the console as a signed-in operator: the page's session storage holds a real token from the provider, as after the
    /// sign-in (which <c>SignInTests</c> exercises through the provider's own page).
    /// </summary>
    internal void OpenConsole(ChromiumBrowser browser, string fragment = "/", string? token = null)
    {
        browser.Driver.Navigate().GoToUrl(new Uri(BaseAddress, "/console/settings.json").ToString());
        browser.Script(
            "sessionStorage.setItem('privatelink.console.session', JSON.stringify({ accessToken: arguments[0], expiresAt: Date.now() + 3600000 }));",
            token ?? ConsoleToken);
        browser.Driver.Navigate().GoToUrl(ConsoleUrl(fragment));
    }

    public async Task DisposeAsync()
    {
        if (_runner is not null)
        {
            await _runner.DisposeAsync();
        }

        if (_destination is not null)
        {
            await _destination.DisposeAsync();
        }

        _certificates?.Dispose();
    }
}
