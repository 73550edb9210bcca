using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PrivateLink.Api;
using PrivateLink.ArmEmulator;
using PrivateLink.Host.Demo;
using PrivateLink.Onboarding;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Host.Tests.Reliability;

/// <summary>
/// Everything outside the runner, living in the test process so it survives a killed runner: the ARM emulator, a loopback HTTPS
/// destination behind a gated proxy (the endpoint's private IP is 127.0.0.1), and the callback receiver.
/// </summary>
internal sealed class OnboardingWorld : IAsyncDisposable
{
    public const string Sub = "00000000-0000-0000-0000-000000000001";
    // A one-endpoint HTTPS destination (a data lake has two endpoints, which these tests are not about).
    public const string Target = $"/subscriptions/{Sub}/resourceGroups/rg-data/providers/Microsoft.Databricks/workspaces/reliabilityws";

    private OnboardingWorld(ArmEmulatorServer emulator, DemoCertificates certificates, DemoDestination destination, GatedTcpProxy proxy, CallbackRecorder callbacks)
    {
        Emulator = emulator;
        Certificates = certificates;
        Destination = destination;
        Proxy = proxy;
        Callbacks = callbacks;
    }

    public ArmEmulatorServer Emulator { get; }

    public DemoCertificates Certificates { get; }

    public DemoDestination Destination { get; }

    public GatedTcpProxy Proxy { get; }

    public CallbackRecorder Callbacks { get; }

    public static async Task<OnboardingWorld> StartAsync(CancellationToken cancellationToken)
    {
        // These tests are about crashes, scale-out and faults, not ARM's timing: creates take 1 s instead of the recorded 40 s, and an
        // approval shows at once (no watcher runs to catch a notification that came before ARM showed it).
        ArmEmulatorServer emulator = await ArmEmulatorServer.StartAsync(
            new ArmEmulatorOptions { PrivateIpAddress = "127.0.0.1", OperationDuration = TimeSpan.FromSeconds(1), PrivateDnsZoneGroupOperationDuration = TimeSpan.FromSeconds(1), ConnectionStateLag = TimeSpan.Zero },
            cancellationToken);
        emulator.SeedTarget(Target);
        var certificates = DemoCertificates.Create();
        DemoDestination destination = await DemoDestination.StartAsync(certificates, cancellationToken);
        var proxy = new GatedTcpProxy(destination.Port, open: true);
        CallbackRecorder callbacks = await CallbackRecorder.StartAsync(cancellationToken);
        return new OnboardingWorld(emulator, certificates, destination, proxy, callbacks);
    }

    /// <summary>Gets the runner settings that point it at this world's emulator (configuration keys).</summary>
    public Dictionary<string, string?> ArmSettings() => new()
    {
        ["ArmEmulator:Enabled"] = "false",
        ["ApprovalWatcher:Enabled"] = "false",

        // These tests submit hundreds of onboardings as one caller on purpose; the limiter has its own tests.
        ["RateLimiting:CommandsPerCallerPerMinute"] = "100000",
        ["RateLimiting:ReadsPerCallerPerMinute"] = "100000",
        ["Arm:Endpoint"] = Emulator.BaseAddress.ToString(),
        ["Arm:TrustedServerCertificateThumbprint"] = Emulator.CertificateThumbprint,
        ["Arm:SubscriptionId"] = Sub,
        ["Arm:ResourceGroup"] = "rg-privatelink-onboarding",
        ["Arm:Location"] = "eastus",
        ["Arm:SubnetId"] = $"/subscriptions/{Sub}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pe",

        // The callback recorder listens on loopback over plain http: the test-only switch, and the secret it verifies signatures with.
        ["Callbacks:AllowLoopback"] = "true",
        ["Callbacks:SigningSecret"] = Callbacks.SigningSecret,
    };

    /// <summary>Builds a valid onboarding request for the seeded target, probing the destination through the gated proxy.</summary>
    public JsonObject Request(string destinationId) => new()
    {
        ["destinationId"] = destinationId,
        ["destinationType"] = "Databricks",
        ["targetResourceId"] = Target,
        ["hostName"] = "localhost",
        ["ports"] = new JsonArray(new JsonObject { ["port"] = Proxy.Port }),
        ["approvalTimeout"] = "PT1H",
        ["trustedCaCertificatesPem"] = Certificates.CaPem,
        ["callbackUrl"] = Callbacks.Url,
        ["ticketId"] = "REL-" + destinationId,
    };

    public static string EndpointName(string destinationId) => "pe-onboard-" + destinationId;

    /// <summary>Submits onboardings over HTTP, a few at a time, asserting each is accepted (202) or found running (200).</summary>
    public async Task SubmitAllAsync(HttpClient http, IEnumerable<string> destinationIds, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(destinationIds, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (id, ct) =>
        {
            using HttpResponseMessage response = await http.PostAsJsonAsync("/api/onboardings", Request(id), ct);
            Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, $"{id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        });
    }

    /// <summary>Reads every onboarding through the list API (all pages).</summary>
    public static async Task<Dictionary<string, OnboardingView>> ListAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var all = new Dictionary<string, OnboardingView>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            string url = "/api/onboardings?pageSize=100" + (token is null ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(token));
            OnboardingPage page = (await http.GetFromJsonAsync<OnboardingPage>(url, OnboardingJson.Options, cancellationToken))!;
            foreach (OnboardingView view in page.Items)
            {
                all[view.DestinationId] = view;
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
        return all;
    }

    /// <summary>Polls the list until <paramref name="done"/> holds; the test's token bounds the wait.</summary>
    public static async Task<Dictionary<string, OnboardingView>> WaitUntilAsync(
        HttpClient http, Func<Dictionary<string, OnboardingView>, bool> done, string what, CancellationToken cancellationToken)
    {
        Dictionary<string, OnboardingView> last = [];
        try
        {
            while (true)
            {
                try
                {
                    last = await ListAsync(http, cancellationToken);
                    if (done(last))
                    {
                        return last;
                    }
                }
                catch (HttpRequestException)
                {
                    // The runner is starting or was just killed: poll again.
                }

                await Task.Delay(250, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            string stages = string.Join(", ", last.Values.GroupBy(v => v.Stage).Select(g => $"{g.Key}={g.Count()}"));
            Assert.Fail($"Timed out waiting until {what}; last seen: {stages}");
            throw;
        }
    }

    /// <summary>Counts the onboardings among <paramref name="ids"/> in <paramref name="stage"/>.</summary>
    public static int CountIn(Dictionary<string, OnboardingView> views, IEnumerable<string> ids, OnboardingStage stage) =>
        ids.Count(id => views.TryGetValue(id, out OnboardingView? v) && v.Stage == stage);

    public async ValueTask DisposeAsync()
    {
        await Callbacks.DisposeAsync();
        await Proxy.DisposeAsync();
        await Destination.DisposeAsync();
        Certificates.Dispose();
        await Emulator.DisposeAsync();
    }
}
