using System.ComponentModel.DataAnnotations;

namespace PrivateLink.Api.Inbound.Watcher;

/// <summary>
/// How the approval watcher's pass looks after Ready destinations: their endpoints in ARM on every pass (a destination whose endpoint
/// turned Rejected or Disconnected or vanished is read and checked), and a sweep of every finished destination on an interval,
/// which starts the due re-probes.
/// </summary>
public sealed class HealthWatchOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "HealthWatch";

    /// <summary>Gets or sets a value indicating whether the watcher's pass checks Ready and Degraded destinations at all.</summary>
    /// <value>The default is true.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets how long a Ready destination goes without a re-probe (counted from its workflow's last change).</summary>
    /// <value>The default is 1 day.</value>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan ReprobeInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Gets or sets how long a Degraded destination goes without a re-probe, so that it returns to Ready soon after it heals.</summary>
    /// <value>The default is 15 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan DegradedReprobeInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Gets or sets how often a pass reads every finished destination (without inputs, 100 per task-hub query): to start the re-probes
    /// that are due and to find endpoints that went missing while no process watched. The first pass after start sweeps too.
    /// </summary>
    /// <value>The default (null) is <see cref="DegradedReprobeInterval"/>.</value>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan? SweepInterval { get; set; }

    /// <summary>Gets the sweep interval in effect.</summary>
    internal TimeSpan EffectiveSweepInterval => SweepInterval ?? DegradedReprobeInterval;
}
