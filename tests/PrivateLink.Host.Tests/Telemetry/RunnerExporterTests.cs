using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PrivateLink.Api.Telemetry;
using PrivateLink.Host.Tests.Reliability;
using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Host.Tests.Telemetry;

/// <summary>
/// The exporters the settings ask for, on the wire: the runner is configured only through its settings (the OTLP endpoint, the
/// Application Insights connection string), and a collector on loopback receives what the real exporters send.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class RunnerExporterTests
{
    private const string Destination = "otel-export";

    // The Azure Monitor exporter's own usage reporting ("statsbeat") sends to Microsoft's endpoints, never to the connection string's:
    // off for this test, so nothing leaves the machine.
    private static readonly string[] StatsbeatSwitches = ["APPLICATIONINSIGHTS_STATSBEAT_DISABLED", "APPLICATIONINSIGHTS_SDKSTATS_DISABLED"];

    [Fact]
    public async Task OtlpEndpointSet_RunnerSendsTracesMetricsAndLogsAsOtlpProtobuf()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        CancellationToken ct = timeout.Token;
        await using LoopbackCollector collector = await LoopbackCollector.StartAsync(ct);
        await using OnboardingWorld world = await OnboardingWorld.StartAsync(ct);
        var settings = new Dictionary<string, string?>(world.ArmSettings())
        {
            [OnboardingOpenTelemetry.OtlpEndpointSetting] = collector.BaseAddress,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        };

        await using (InProcessRunner runner = await InProcessRunner.StartAsync(settings, ct, LogLevel.Information))
        {
            await SubmitAndWaitForApprovalAsync(world, runner, ct);
            Flush(runner);
        }

        Received traces = collector.Single("/v1/traces");
        Received metrics = collector.Single("/v1/metrics");
        Received logs = collector.Single("/v1/logs");
        foreach (Received signal in new[] { traces, metrics, logs })
        {
            Assert.Equal("application/x-protobuf", signal.ContentType);

            // Protocol buffers carry strings as their UTF-8 bytes: the resource's service name is in every export.
            Assert.Contains(RunnerApp.RunnerServiceName, signal.Text, StringComparison.Ordinal);
        }

        Assert.Contains("POST /api/onboardings", traces.Text, StringComparison.Ordinal);
        Assert.Contains("privatelink.onboarding.started", metrics.Text, StringComparison.Ordinal);
        Assert.Contains("http.server.request.duration", metrics.Text, StringComparison.Ordinal);
        Assert.Contains(Destination, logs.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplicationInsightsConnectionStringSet_RunnerSendsRequestsDependenciesMetricsAndTracesToItsIngestionEndpoint()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        CancellationToken ct = timeout.Token;
        await using LoopbackCollector collector = await LoopbackCollector.StartAsync(ct);
        await using OnboardingWorld world = await OnboardingWorld.StartAsync(ct);
        const string Key = "4a0cd1f5-77bd-4bd4-9b24-1f2c3d4e5f60";
        var settings = new Dictionary<string, string?>(world.ArmSettings())
        {
            [OnboardingOpenTelemetry.ConnectionStringSetting] = $"InstrumentationKey={Key};IngestionEndpoint={collector.BaseAddress}/",
        };

        Dictionary<string, string?> saved = StatsbeatSwitches.ToDictionary(s => s, Environment.GetEnvironmentVariable);
        try
        {
            foreach (string name in StatsbeatSwitches)
            {
                Environment.SetEnvironmentVariable(name, "true");
            }

            await using InProcessRunner runner = await InProcessRunner.StartAsync(settings, ct, LogLevel.Information);
            await SubmitAndWaitForApprovalAsync(world, runner, ct);
            Flush(runner);
        }
        finally
        {
            foreach ((string name, string? value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }

        // Breeze's track API: newline-delimited JSON envelopes, each naming the resource's instrumentation key.
        string[] envelopes = [.. collector.All("/v2.1/track").SelectMany(r => r.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries))];
        Assert.NotEmpty(envelopes);
        Assert.All(envelopes, e => Assert.Contains($"\"iKey\":\"{Key}\"", e, StringComparison.Ordinal));

        // Each kind of telemetry reaches the ingestion endpoint. Run beside other tests, the earliest items (the submission's ARM calls
        // and logs) were sometimes missing from what arrived by the flush (the exporter sends a batch it could not send later, from its
        // local store): the content checks are of items every batch holds (the status polls' requests and their logs), and of the
        // meters, which are read at the flush itself.
        AssertEnvelope(envelopes, "RequestData", "/api/onboardings");
        AssertEnvelope(envelopes, "RemoteDependencyData", string.Empty);
        AssertEnvelope(envelopes, "MetricData", "privatelink.onboarding.started");
        AssertEnvelope(envelopes, "MessageData", string.Empty);
        Assert.All(envelopes, e => Assert.Contains(RunnerApp.RunnerServiceName, e, StringComparison.Ordinal));
    }

    private static void AssertEnvelope(string[] envelopes, string baseType, string content) => Assert.True(
        envelopes.Any(e => e.Contains($"\"baseType\":\"{baseType}\"", StringComparison.Ordinal) && e.Contains(content, StringComparison.Ordinal)),
        $"no {baseType} envelope with {content}; received {envelopes.Length}:\n{string.Join('\n', envelopes.Select(e => e.Length > 300 ? e[..300] : e))}");

    private static async Task SubmitAndWaitForApprovalAsync(OnboardingWorld world, InProcessRunner runner, CancellationToken ct)
    {
        await world.SubmitAllAsync(runner.Http, [Destination], ct);
        await OnboardingWorld.WaitUntilAsync(runner.Http, v => OnboardingWorld.CountIn(v, [Destination], OnboardingStage.AwaitingApproval) == 1, "it waits for approval", ct);
    }

    private static void Flush(InProcessRunner runner)
    {
        Assert.True(runner.App.Services.GetRequiredService<TracerProvider>().ForceFlush(30_000), "traces were not exported");
        Assert.True(runner.App.Services.GetRequiredService<MeterProvider>().ForceFlush(30_000), "metrics were not exported");
        Assert.True(runner.App.Services.GetRequiredService<LoggerProvider>().ForceFlush(30_000), "logs were not exported");
    }

    private sealed record Received(string Path, string? ContentType, string Text);

    /// <summary>An HTTP collector on loopback that keeps every export it receives (gzip bodies decompressed) and answers 200.</summary>
    private sealed class LoopbackCollector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<Received> _received = new();

        private LoopbackCollector(WebApplication app)
        {
            _app = app;
            app.Run(async context =>
            {
                using var body = new MemoryStream();
                Stream source = context.Request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase)
                    ? new GZipStream(context.Request.Body, CompressionMode.Decompress)
                    : context.Request.Body;
                await using (source)
                {
                    await source.CopyToAsync(body, context.RequestAborted);
                }

                string text = Encoding.UTF8.GetString(body.ToArray());
                _received.Enqueue(new Received(context.Request.Path, context.Request.ContentType, text));
                context.Response.StatusCode = StatusCodes.Status200OK;
                if (context.Request.Path.StartsWithSegments("/v2.1/track", StringComparison.Ordinal))
                {
                    // Breeze answers how many items it received and accepted.
                    int items = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
                    await context.Response.WriteAsJsonAsync(new { itemsReceived = items, itemsAccepted = items, errors = Array.Empty<object>() }, context.RequestAborted);
                }
            });
        }

        public string BaseAddress => _app.Urls.First();

        public static async Task<LoopbackCollector> StartAsync(CancellationToken ct)
        {
            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var collector = new LoopbackCollector(builder.Build());
            await collector._app.StartAsync(ct);
            return collector;
        }

        public IReadOnlyList<Received> All(string path) => [.. _received.Where(r => r.Path == path)];

        /// <summary>Every export to one path, joined: exporters may split a signal over several requests.</summary>
        public Received Single(string path)
        {
            IReadOnlyList<Received> all = All(path);
            Assert.True(all.Count > 0, $"nothing was exported to {path}; received: {string.Join(", ", _received.Select(r => r.Path).Distinct())}");
            return new Received(path, all[0].ContentType, string.Join('\n', all.Select(r => r.Text)));
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
