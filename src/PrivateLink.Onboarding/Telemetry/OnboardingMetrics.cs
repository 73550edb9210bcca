using System.Diagnostics.Metrics;
using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Onboarding.Telemetry;

/// <summary>The workflow's metrics: onboardings started, completed and failed; approval wait; probe latency; approvals waiting; orphaned endpoints deleted.</summary>
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

    private static readonly Histogram<double> ApprovalWait = Meter.CreateHistogram<double>(
        "privatelink.onboarding.approval_wait", unit: "s", description: "From the connection request waiting for approval to the customer's decision (or the deadline, or a cancel), by outcome.");

    private static readonly Histogram<double> ProbeDuration = Meter.CreateHistogram<double>(
        "privatelink.probe.duration", unit: "s", description: "One connectivity probe of one port (connect, protocol negotiation, TLS handshake), by protocol and result.");

    private static readonly Gauge<long> ApprovalsWaiting = Meter.CreateGauge<long>(
        "privatelink.approval.waiting", unit: "{onboarding}", description: "Onboardings waiting for the customer's approval, as the approval watcher's last pass saw them.");

    private static readonly Gauge<double> OldestApprovalAge = Meter.CreateGauge<double>(
        "privatelink.approval.oldest_age", unit: "s", description: "How long the longest-waiting onboarding has waited for approval, as the approval watcher's last pass saw it (0 when none waits).");

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

    /// <summary>Records how long an onboarding waited for the customer's decision.</summary>
    /// <param name="waited">From entering AwaitingApproval to the next stage.</param>
    /// <param name="outcome">The stage that ended the wait (CheckingConnectivity when approved, Rejected, ApprovalTimedOut, Cancelled...).</param>
    /// <param name="destinationType">The destination type.</param>
    public static void RecordApprovalWait(TimeSpan waited, OnboardingStage outcome, string? destinationType) =>
        ApprovalWait.Record(
            Math.Max(0, waited.TotalSeconds),
            new KeyValuePair<string, object?>("approval.outcome", outcome.ToString()),
            new KeyValuePair<string, object?>("destination.type", destinationType ?? "unknown"));

    /// <summary>Records one probe of one port.</summary>
    /// <param name="duration">The probe's wall-clock time.</param>
    /// <param name="protocol">The probed protocol.</param>
    /// <param name="status">The probe's result.</param>
    /// <param name="clearText">True when it ended in clear text after TLS failed.</param>
    public static void RecordProbe(TimeSpan duration, string protocol, string status, bool clearText) =>
        ProbeDuration.Record(
            duration.TotalSeconds,
            new KeyValuePair<string, object?>("probe.protocol", protocol),
            new KeyValuePair<string, object?>("probe.status", status),
            new KeyValuePair<string, object?>("probe.transport", clearText ? "clear" : "tls"));

    /// <summary>Records what one approval watcher pass saw waiting.</summary>
    /// <param name="waiting">Onboardings waiting for approval.</param>
    /// <param name="oldestAge">How long the longest-waiting one has waited; zero when none waits.</param>
    public static void RecordApprovalsWaiting(int waiting, TimeSpan oldestAge)
    {
        ApprovalsWaiting.Record(waiting);
        OldestApprovalAge.Record(Math.Max(0, oldestAge.TotalSeconds));
    }

    /// <summary>Counts an orphaned private endpoint the reconciler deleted.</summary>
    /// <param name="reason">The terminal stage of its destination's workflow, or <c>Unknown</c> when the destination has no instance.</param>
    public static void RecordOrphanEndpointDeleted(string reason) =>
        OrphansDeleted.Add(1, new KeyValuePair<string, object?>("orphan.reason", reason));
}
