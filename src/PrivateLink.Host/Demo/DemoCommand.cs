using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;
using PrivateLink.Api;
using PrivateLink.Api.Security;
using PrivateLink.ArmEmulator;
using PrivateLink.Connectivity;
using PrivateLink.Host.OperatorConsole;
using PrivateLink.Host.Security;
using PrivateLink.Onboarding;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;
using PrivateLink.SupportMatrix;
using Spectre.Console;

namespace PrivateLink.Host.Demo;

/// <summary>
/// <c>dotnet run --project src/PrivateLink.Host -- demo</c>: starts the runner on its embedded defaults (in-memory engine, ARM emulator),
/// a local TLS destination, submits an onboarding over HTTP, approves it as the customer would, and shows each stage live.
/// With <c>--keep-running</c> it prints the operator console's URL and keeps serving until Ctrl+C; the exit code is the same either way.
/// </summary>
internal static class DemoCommand
{
    /// <summary>How long the emulator's create operations take in the demo (ARM's recorded creates take about 40 s).</summary>
    private const string DemoOperationDuration = "00:00:05";

    /// <summary>How long the emulator's private DNS zone group operations take in the demo (10 s by default).</summary>
    private const string DemoZoneGroupDuration = "00:00:02";

    private const string DestinationId = "demo-lake-01";
    private const string KeepRunningFlag = "--keep-running";
    private static readonly TimeSpan ApproveAfter = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan NotifyEvery = TimeSpan.FromSeconds(5);

    // The emulator models real ARM: each endpoint create runs about 40 s, and a data lake gets two (blob and dfs).
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(string[] args)
    {
        // The flag is the demo's own; the rest stay configuration overrides for the runner.
        bool keepRunning = args.Contains(KeepRunningFlag, StringComparer.Ordinal);
        args = [.. args.Where(a => a != KeepRunningFlag)];
        using var cts = new CancellationTokenSource(GiveUpAfter);
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
            stop.Cancel();
        };
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cts.Cancel();
            stop.Cancel();
        });
        var clock = Stopwatch.StartNew();
        AnsiConsole.Write(new Rule("[bold]Private Link onboarding — demo[/]").LeftJustified());

        using DemoCertificates certificates = DemoCertificates.Create();
        await using DemoDestination destination = await DemoDestination.StartAsync(certificates, cts.Token);
        AnsiConsole.MarkupLineInterpolated($"[grey]local TLS destination:[/] https://localhost:{destination.Port} (certificate from a demo CA made just now)");

        const string subscription = "00000000-0000-0000-0000-000000000001";
        string targetId = $"/subscriptions/{subscription}/resourceGroups/rg-customer-data/providers/Microsoft.Storage/storageAccounts/customerlake01";
        // The demo is a local run: Development, with the runner's in-memory token issuer (refused in any other environment).
        await using WebApplication runner = await RunnerApp.BuildAsync(["--environment", "Development", .. args], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddFilter("PrivateLink.Host", LogLevel.None);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ArmEmulator:Enabled"] = "true",
                ["ArmEmulator:PrivateIpAddress"] = "127.0.0.1",
                ["ArmEmulator:Targets:0"] = targetId,

                // Everything else in the emulator is recorded reality (the target is in another tenant, status-only operations,
                // addresses on the NIC after approval); only the create's and the DNS zone group's durations are compressed so the demo takes seconds, not minutes.
                ["ArmEmulator:OperationDuration"] = DemoOperationDuration,
                ["ArmEmulator:PrivateDnsZoneGroupOperationDuration"] = DemoZoneGroupDuration,
                ["DurableTask:StorageConnectionString"] = null,
                ["Authentication:Authority"] = null,
                ["Authentication:DevelopmentIssuer"] = "true",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
            });
        }, cts.Token);
        runner.MapOperatorConsole();
        await runner.StartAsync(cts.Token);
        var baseAddress = new Uri(runner.Urls.First());
        ArmEmulatorServer emulator = runner.Services.GetRequiredService<ArmEmulatorServer>();
        AnsiConsole.MarkupLineInterpolated($"[grey]runner:[/] {baseAddress} (in-memory engine, not durable)   [grey]ARM emulator:[/] {emulator.BaseAddress} (recorded ARM behaviour; each create takes {DemoOperationDuration} instead of about 40 s)");
        if (keepRunning)
        {
            AnsiConsole.MarkupLineInterpolated($"[grey]operator console:[/] {baseAddress} (follow the onboarding there)");
        }

        string token = runner.Services.GetRequiredService<DevelopmentTokenIssuer>().CreateToken(
            new Actor("demo-operator", "demo", "Demo operator"),
            OnboardingRoles.All,
            RunnerAuthentication.AudienceOf(runner.Services.GetRequiredService<IOptions<RunnerAuthenticationOptions>>().Value),
            TimeSpan.FromHours(8));
        if (keepRunning)
        {
            AnsiConsole.MarkupLineInterpolated($"[grey]development token (all roles, 8 h; curl -H \"Authorization: Bearer …\"):[/] {token}");
        }

        int exitCode = await RunOnboardingAsync(runner.Services.GetRequiredService<IHttpClientFactory>(), baseAddress, token, emulator, destination, certificates, targetId, clock, cts.Token);
        if (keepRunning)
        {
            AnsiConsole.MarkupLineInterpolated($"[bold]operator console:[/] {baseAddress}  [grey](serving until Ctrl+C)[/]");
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: stop serving.
            }
        }

        // Stop before disposing, so hosted services (engine, approval watcher) end on their stopping token.
        await runner.StopAsync(CancellationToken.None);
        return exitCode;
    }

    private static async Task<int> RunOnboardingAsync(IHttpClientFactory httpClientFactory, Uri baseAddress, string token, ArmEmulatorServer emulator, DemoDestination destination, DemoCertificates certificates, string targetId, Stopwatch clock, CancellationToken cancellationToken)
    {
        using HttpClient http = httpClientFactory.CreateClient();
        http.BaseAddress = baseAddress;
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var request = new
        {
            destinationId = DestinationId,
            destinationType = nameof(DestinationType.AzureDataLakeStorage),
            targetResourceId = targetId,
            hostName = "localhost",
            ports = new[] { new { port = destination.Port } },
            requireTls = true,
            ticketId = "SUP-1234",
            approvalTimeout = "PT1H",
            trustedCaCertificatesPem = certificates.CaPem,
        };
        using HttpResponseMessage submitted = await http.PostAsJsonAsync("/api/onboardings", request, cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"[grey]POST /api/onboardings →[/] {(int)submitted.StatusCode} {submitted.StatusCode}  Location: {submitted.Headers.Location}");
        if (submitted.StatusCode != HttpStatusCode.Accepted)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]submission refused:[/] {await submitted.Content.ReadAsStringAsync(cancellationToken)}");
            return 1;
        }

        OnboardingView? view = await FollowAsync(http, emulator, clock, cancellationToken);
        if (view is null)
        {
            AnsiConsole.MarkupLine("[red]gave up waiting for the onboarding to end[/]");
            return 2;
        }

        Render(view);
        AnsiConsole.MarkupLineInterpolated($"[grey]finished in {clock.Elapsed.TotalSeconds:F1} s[/]");
        return view.Stage == OnboardingStage.Ready ? 0 : 1;
    }

    private static async Task<OnboardingView?> FollowAsync(HttpClient http, ArmEmulatorServer emulator, Stopwatch clock, CancellationToken cancellationToken)
    {
        OnboardingStage? shown = null;
        Stopwatch? waiting = null;
        bool approved = false;
        Stopwatch? notifiedAt = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            OnboardingView? view = await http.GetFromJsonAsync<OnboardingView>($"/api/onboardings/{DestinationId}", OnboardingJson.Options, cancellationToken);
            if (view is not null && view.Stage != shown)
            {
                shown = view.Stage;
                AnsiConsole.MarkupLineInterpolated($"[bold]{clock.Elapsed.TotalSeconds,5:F1} s[/]  [blue]{view.Stage,-22}[/] {view.Detail ?? string.Empty}");
            }

            if (view is { Stage: OnboardingStage.AwaitingApproval })
            {
                waiting ??= Stopwatch.StartNew();
                if (!approved && waiting.Elapsed >= ApproveAfter)
                {
                    // The customer approves in the Azure portal (here: the emulator's customer-side call), every endpoint of the destination ...
                    IEnumerable<string> names = view.Endpoints?.Select(e => e.Name) ?? [OnboardDestinationInput.EndpointNameFor(DestinationId)];
                    foreach (string endpointName in names)
                    {
                        approved = emulator.ApproveConnection(endpointName, "Approved by the customer (demo)");
                        AnsiConsole.MarkupLineInterpolated($"[bold]{clock.Elapsed.TotalSeconds,5:F1} s[/]  [green]customer approved[/] the connection of {endpointName} in ARM");
                    }
                }

                // ... and the ticket system tells us; the workflow believes it only after reading ARM, where an approval shows
                // a little later (eventual consistency), so the notification is repeated until ARM agrees.
                if (approved && (notifiedAt is null || notifiedAt.Elapsed >= NotifyEvery))
                {
                    notifiedAt = Stopwatch.StartNew();
                    using HttpResponseMessage notified = await http.PostAsync($"/api/onboardings/{DestinationId}/approval", null, cancellationToken);
                    AnsiConsole.MarkupLineInterpolated($"[grey]POST /api/onboardings/{DestinationId}/approval →[/] {(int)notified.StatusCode}");
                }
            }

            if (view is not null && view.Stage.IsTerminal())
            {
                return view;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        return null;
    }

    private static void Render(OnboardingView view)
    {
        var timeline = new Table().Title("Timeline").AddColumns("stage", "entered (UTC)");
        foreach (StageEntry entry in view.Timeline)
        {
            timeline.AddRow(entry.Stage.ToString(), entry.AtUtc.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(timeline);

        // A data lake has two endpoints (blob and dfs) answering on the same port: each endpoint and each probe says which it is.
        IReadOnlyList<DestinationEndpoint> endpoints = view.Endpoints ?? [];
        foreach (DestinationEndpoint planned in endpoints)
        {
            if (planned.Endpoint is { } endpoint)
            {
                AnsiConsole.MarkupLineInterpolated($"endpoint [bold]{endpoint.Name}[/] ({planned.GroupId ?? "service"}, {planned.HostName}): {endpoint.ConnectionStatus}, private IP {string.Join(", ", endpoint.PrivateIpAddresses)}");
            }
        }

        var probes = new Table().Title("Connectivity").AddColumns("endpoint", "port", "status", "TLS", "cipher", "certificate", "expires", "timings (ms)", "detail");
        foreach ((DestinationEndpoint planned, ProbeResult probe) in endpoints.SelectMany(e => (e.Probes ?? []).Select(p => (e, p))))
        {
            probes.AddRow(
                Markup.Escape(planned.GroupId ?? planned.Name),
                Markup.Escape(probe.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Markup.Escape(probe.Status.ToString()),
                Markup.Escape(probe.ClearText ? "clear text" : probe.Tls?.Version ?? "-"),
                Markup.Escape(probe.Tls?.CipherSuite ?? "-"),
                Markup.Escape(probe.Tls?.CertificateSubject ?? "-"),
                Markup.Escape(probe.Tls?.CertificateNotAfter.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "-"),
                Markup.Escape(FormattableString.Invariant($"connect {probe.Timings.ConnectMs:F1}, handshake {probe.Timings.HandshakeMs:F1}")),
                Markup.Escape(probe.Detail));
        }

        AnsiConsole.Write(probes);
        string colour = view.Stage == OnboardingStage.Ready ? "green" : "red";
        AnsiConsole.MarkupLineInterpolated($"[bold {colour}]{view.Stage}[/] {view.Detail ?? string.Empty}");
        if (view.Error is not null)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{view.Error}[/]");
        }
    }
}
