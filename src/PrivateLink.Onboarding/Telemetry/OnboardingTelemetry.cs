using System.Diagnostics;
using PrivateLink.Arm;

namespace PrivateLink.Onboarding.Telemetry;

/// <summary>The product's one definition of what both hosts trace and measure: its activity source, its meters, and the libraries' sources.</summary>
public static class OnboardingTelemetry
{
    /// <summary>The product's activity source name (spans of the workflow's own steps, such as each probe).</summary>
    public const string SourceName = "PrivateLink.Onboarding";

    /// <summary>Gets the product's activity source.</summary>
    public static ActivitySource ActivitySource { get; } = new(SourceName);

    /// <summary>Gets the activity sources both hosts trace: the product's, ARM and other Azure SDK calls, and the Durable Task client, worker and core.</summary>
    public static IReadOnlyList<string> TraceSources { get; } = [SourceName, "Azure.*", "Microsoft.DurableTask*", "DurableTask.Core"];

    /// <summary>Gets the meters both hosts export: the workflow's and the ARM adapter's.</summary>
    public static IReadOnlyList<string> Meters { get; } = [OnboardingMetrics.MeterName, ArmMetrics.MeterName];
}
