using System.Diagnostics.Metrics;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Telemetry;

namespace PrivateLink.Functions.Tests.Telemetry;

public sealed class OnboardingMetricsTests
{
    [Theory]
    [InlineData(OnboardingStage.Ready, "privatelink.onboarding.completed")]
    [InlineData(OnboardingStage.Offboarded, "privatelink.onboarding.completed")]
    [InlineData(OnboardingStage.ApprovalTimedOut, "privatelink.onboarding.failed")]
    [InlineData(OnboardingStage.ConnectivityFailed, "privatelink.onboarding.failed")]
    public void RecordStageReached_TerminalStage_CountsOnceWithStageTag(OnboardingStage stage, string instrument)
    {
        using var listener = new Recorder();

        bool counted = OnboardingMetrics.RecordStageReached(stage, "AzurePostgreSql");

        Assert.True(counted);
        (string name, long value, Dictionary<string, object?> tags) = Assert.Single(listener.Measurements, m => (string?)m.Tags["onboarding.stage"] == stage.ToString());
        Assert.Equal(instrument, name);
        Assert.Equal(1, value);
        Assert.Equal("AzurePostgreSql", tags["destination.type"]);
    }

    [Theory]
    [InlineData(OnboardingStage.Validating)]
    [InlineData(OnboardingStage.AwaitingApproval)]
    public void RecordStageReached_IntermediateStage_CountsNothing(OnboardingStage stage)
    {
        using var listener = new Recorder();

        bool counted = OnboardingMetrics.RecordStageReached(stage);

        Assert.False(counted);
        Assert.DoesNotContain(listener.Measurements, m => (string?)m.Tags["onboarding.stage"] == stage.ToString());
    }

    [Fact]
    public void RecordStarted_CountsWithType()
    {
        using var listener = new Recorder();

        OnboardingMetrics.RecordStarted("GenericMySql");

        Assert.Contains(listener.Measurements, m => m.Name == "privatelink.onboarding.started" && (string?)m.Tags["destination.type"] == "GenericMySql");
    }

    /// <summary>Records this test's measurements of the onboarding meter (tests in other classes may record in parallel; assertions filter by tag).</summary>
    private sealed class Recorder : IDisposable
    {
        private readonly MeterListener listener = new();

        public Recorder()
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == OnboardingMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                var dictionary = new Dictionary<string, object?>();
                foreach (KeyValuePair<string, object?> tag in tags)
                {
                    dictionary[tag.Key] = tag.Value;
                }

                dictionary.TryAdd("onboarding.stage", null);
                lock (Measurements)
                {
                    Measurements.Add((instrument.Name, value, dictionary));
                }
            });
            listener.Start();
        }

        public List<(string Name, long Value, Dictionary<string, object?> Tags)> Measurements { get; } = [];

        public void Dispose() => listener.Dispose();
    }
}
