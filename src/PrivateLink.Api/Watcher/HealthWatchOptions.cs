using System.ComponentModel.DataAnnotations;

namespace PrivateLink.Api.Watcher;

/// <summary>How the approval watcher's pass looks after Ready destinations: their endpoints in ARM on every pass, a re-probe on an interval.</summary>
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
}
