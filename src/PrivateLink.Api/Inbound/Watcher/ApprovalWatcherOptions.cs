using System.ComponentModel.DataAnnotations;

namespace PrivateLink.Api.Inbound.Watcher;

/// <summary>How often the approval watcher compares ARM's connection states with the waiting onboardings.</summary>
public sealed class ApprovalWatcherOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "ApprovalWatcher";

    /// <summary>Gets or sets a value indicating whether the runner runs the watcher (the Functions app uses its timer trigger instead).</summary>
    /// <value>The default is true.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the time between two passes.</summary>
    /// <value>The default is 1 minute.</value>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how many approval notices or health checks one pass sends at once (each is a task-hub read and write).</summary>
    /// <value>The default is 16.</value>
    [Range(1, 100)]
    public int Concurrency { get; set; } = 16;
}
