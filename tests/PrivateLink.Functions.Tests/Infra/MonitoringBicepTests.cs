using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using PrivateLink.Arm;
using PrivateLink.Functions.Tests.Support;
using PrivateLink.Onboarding.Telemetry;

namespace PrivateLink.Functions.Tests.Infra;

/// <summary>infra/modules/monitoring.bicep: the workbook and the alert rules, and the metric names their queries read.</summary>
public sealed partial class MonitoringBicepTests
{
    private static readonly string Module = File.ReadAllText(Path.Combine(Repository.Root, "infra", "modules", "monitoring.bicep"));

    [Fact]
    public void Queries_NameOnlyMetricsTheHostsExport()
    {
        RuntimeHelpers.RunClassConstructor(typeof(OnboardingMetrics).TypeHandle);
        RuntimeHelpers.RunClassConstructor(typeof(ArmMetrics).TypeHandle);
        var published = new HashSet<string>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (OnboardingTelemetry.Meters.Contains(instrument.Meter.Name))
                {
                    lock (published)
                    {
                        published.Add(instrument.Name);
                    }
                }
            },
        };
        listener.Start();

        string[] named = [.. MetricName().Matches(Module).Select(m => m.Value).Distinct()];
        Assert.Contains("privatelink.approval.oldest_age", named);
        Assert.Contains("privatelink.arm.throttled", named);
        Assert.All(named, name => Assert.True(published.Contains(name), $"{name} is queried but no host exports it (exported: {string.Join(", ", published)})"));
    }

    [Fact]
    public void Module_HasTheWorkbookAndTheThreeAlerts_AndMainDeploysIt()
    {
        Assert.Contains("'Microsoft.Insights/workbooks@", Module, StringComparison.Ordinal);
        Assert.Contains("'Microsoft.Insights/scheduledQueryRules@", Module, StringComparison.Ordinal);
        foreach (string alert in new[] { "stuck-in-approval", "failure-rate", "orphaned-endpoints" })
        {
            Assert.Contains($"name: '{alert}'", Module, StringComparison.Ordinal);
        }

        string main = File.ReadAllText(Path.Combine(Repository.Root, "infra", "main.bicep"));
        Assert.Contains("module monitoring 'modules/monitoring.bicep'", main, StringComparison.Ordinal);
        Assert.Contains("appInsightsId: appInsights.id", main, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"privatelink\.[a-z_]+\.[a-z_]+")]
    private static partial Regex MetricName();
}
