using System.Diagnostics.Metrics;
using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Onboarding.Telemetry;

/// <summary>The workflow's metrics: onboardings started, completed and failed; orphaned endpoints deleted.</summary>
/// <remarks>
/// Recorded from activities and intake code only, never from orchestrators (which replay). Hosts export the meter by its
/// <see cref="MeterName"/> (OpenTelemetry <c>AddMeter</c>).
/// </remarks>
public static class OnboardingMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "PrivateLink.Onboarding";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Started = Meter.CreateCounter<long>(
        "privatelink.onboarding.started", unit: "{onboarding}", description: "Onboardings started.");

    private static readonly Counter<long> Completed = Meter.CreateCounter<long>(
        "privatelink.onboarding.completed", unit: "{onboarding}", description: "Workflows that reached a successful terminal stage (Ready, Offboarded).");

    private static readonly Counter<long> Failed = Meter.CreateCounter<long>(
        "privatelink.onboarding.failed", unit: "{onboarding}", description: "Workflows that ended in a failure stage, by stage.");

    private static readonly Counter<long> OrphansDeleted = Meter.CreateCounter<long>(
        "privatelink.reconciler.orphans_deleted", unit: "{endpoint}", description: "Owned private endpoints no onboarding needed, deleted by the orphan reconciler, by reason.");

    /// <summary>Counts a started onboarding.</summary>
    /// <param name="destinationType">The destination type (a name from the support matrix).</param>
    public static void RecordStarted(string destinationType) =>
        Started.Add(1, new KeyValuePair<string, object?>("destination.type", destinationType));

    /// <summary>Counts a workflow that reached <paramref name="stage"/>, when that stage ends a workflow.</summary>
    /// <param name="stage">The stage reached.</param>
    /// <param name="destinationType">The destination type, when known.</param>
    /// <returns>True when the stage was terminal and was counted.</returns>
    public static bool RecordStageReached(OnboardingStage stage, string? destinationType = null)
    {
        Counter<long>? counter = !stage.IsTerminal() ? null : stage.IsSuccessfulEnd() ? Completed : Failed;
        counter?.Add(
            1,
            new KeyValuePair<string, object?>("onboarding.stage", stage.ToString()),
            new KeyValuePair<string, object?>("destination.type", destinationType ?? "unknown"));
        return counter is not null;
    }

    /// <summary>Counts an orphaned private endpoint the reconciler deleted.</summary>
    /// <param name="reason">The terminal stage of its destination's workflow, or <c>Unknown</c> when the destination has no instance.</param>
    public static void RecordOrphanEndpointDeleted(string reason) =>
        OrphansDeleted.Add(1, new KeyValuePair<string, object?>("orphan.reason", reason));
}
