using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PrivateLink.ArmEmulator;
using PrivateLink.Host.Tests.Reliability;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Telemetry;

namespace PrivateLink.Host.Tests.Telemetry;

/// <summary>The meters are process-wide: these tests run alone so the points they read come from their own runner.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "runner telemetry";
}

/// <summary>The runner's OpenTelemetry pipeline, read through in-memory exporters added beside the configured ones.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class RunnerTelemetryTests
{
    private const string Destination = "otel-ready";

    [Fact]
    public async Task OnboardingToReady_RunnerExportsMetricsWithTheRealDestinationType_TracesAndLogs()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        CancellationToken ct = timeout.Token;
        var metrics = new List<Metric>();
        var spans = new List<Activity>();
        var logs = new List<LogRecord>();
        await using OnboardingWorld world = await OnboardingWorld.StartAsync(ct);
        string endpoint = OnboardingWorld.EndpointName(Destination);

        // ARM throttles the first read of the endpoint once; the adapter's retry absorbs it and the throttling metric counts it.
        world.Emulator.AddFault(ArmFaultRule.Throttle("GET", $"/privateEndpoints/{endpoint}$", TimeSpan.FromMilliseconds(50), count: 1, inMilliseconds: true));
        await using InProcessRunner runner = await InProcessRunner.StartAsync(world.ArmSettings(), ct, LogLevel.Information, services =>
        {
            services.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(metrics));
            services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans));
            services.ConfigureOpenTelemetryLoggerProvider(l => l.AddInMemoryExporter(logs));
        });

        await world.SubmitAllAsync(runner.Http, [Destination], ct);
        await OnboardingWorld.WaitUntilAsync(runner.Http, v => OnboardingWorld.CountIn(v, [Destination], OnboardingStage.AwaitingApproval) == 1, "it waits for approval", ct);
        world.Emulator.ApproveConnection(endpoint, "approved by the customer");
        using (HttpResponseMessage approval = await runner.Http.PostAsync($"/api/onboardings/{Destination}/approval", null, ct))
        {
            Assert.Equal(HttpStatusCode.Accepted, approval.StatusCode);
        }

        await OnboardingWorld.WaitUntilAsync(runner.Http, v => OnboardingWorld.CountIn(v, [Destination], OnboardingStage.Ready) == 1, "it is Ready", ct);

        // The Ready event is counted by its publication activity, which may finish just after the status shows Ready.
        MeterProvider meterProvider = runner.App.Services.GetRequiredService<MeterProvider>();
        DateTime until = DateTime.UtcNow.AddSeconds(20);
        do
        {
            metrics.Clear();
            meterProvider.ForceFlush();
        }
        while (Sum(metrics, "privatelink.onboarding.completed", ("destination.type", "Databricks"), ("onboarding.stage", "Ready")) < 1 && DateTime.UtcNow < until && await Delay(ct));

        runner.App.Services.GetRequiredService<TracerProvider>().ForceFlush();
        runner.App.Services.GetRequiredService<LoggerProvider>().ForceFlush();

        Assert.Equal(1, Sum(metrics, "privatelink.onboarding.started", ("destination.type", "Databricks")));
        Assert.Equal(1, Sum(metrics, "privatelink.onboarding.completed", ("destination.type", "Databricks"), ("onboarding.stage", "Ready")));
        Assert.Equal(0, Sum(metrics, "privatelink.onboarding.completed", ("destination.type", "unknown")));
        Assert.Equal(1, HistogramCount(metrics, "privatelink.onboarding.approval_wait", ("destination.type", "Databricks"), ("approval.outcome", "CheckingConnectivity")));
        Assert.Equal(1, HistogramCount(metrics, "privatelink.probe.duration", ("probe.protocol", "Https"), ("probe.status", "Succeeded"), ("probe.transport", "tls")));
        Assert.True(Sum(metrics, "privatelink.arm.throttled", ("http.request.method", "GET")) >= 1, "the injected 429 was not counted");
        Assert.True(Sum(metrics, "privatelink.arm.requests", ("http.response.status_code", 429)) >= 1);
        Assert.Contains(metrics, m => m.Name == "http.server.request.duration");

        Assert.Contains(spans, s => s.Source.Name == OnboardingTelemetry.SourceName && s.DisplayName == "probe Https" && Equals(s.GetTagItem("probe.status"), "Succeeded"));
        Assert.Contains(spans, s => s.Source.Name == "Microsoft.AspNetCore" && s.Kind == ActivityKind.Server && Equals(s.GetTagItem("http.route"), "/api/onboardings/{destinationId}/approval"));
        Assert.Contains(spans, s => s.Source.Name.StartsWith("Azure.", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.CategoryName?.StartsWith("PrivateLink.", StringComparison.Ordinal) == true && l.Attributes?.Any(a => Equals(a.Value, Destination)) == true);
    }

    private static async Task<bool> Delay(CancellationToken ct)
    {
        await Task.Delay(100, ct);
        return true;
    }

    private static long Sum(List<Metric> metrics, string name, params (string Key, object Value)[] tags)
    {
        long sum = 0;
        foreach (Metric metric in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly MetricPoint point in metric.GetMetricPoints())
            {
                if (Matches(point, tags))
                {
                    sum += point.GetSumLong();
                }
            }
        }

        return sum;
    }

    private static long HistogramCount(List<Metric> metrics, string name, params (string Key, object Value)[] tags)
    {
        long count = 0;
        foreach (Metric metric in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly MetricPoint point in metric.GetMetricPoints())
            {
                if (Matches(point, tags))
                {
                    count += point.GetHistogramCount();
                }
            }
        }

        return count;
    }

    private static bool Matches(in MetricPoint point, (string Key, object Value)[] tags)
    {
        var actual = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, object?> tag in point.Tags)
        {
            actual[tag.Key] = tag.Value;
        }

        return tags.All(t => actual.TryGetValue(t.Key, out object? value) && Equals(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), Convert.ToString(t.Value, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
