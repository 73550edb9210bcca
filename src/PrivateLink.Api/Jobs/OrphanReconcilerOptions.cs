using System.ComponentModel.DataAnnotations;

namespace PrivateLink.Api.Jobs;

/// <summary>When the orphan reconciler deletes private endpoints this service owns but no onboarding needs.</summary>
public sealed class OrphanReconcilerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "OrphanReconciler";

    /// <summary>Gets or sets a value indicating whether orphaned endpoints are deleted (the runner's hosted service and the Functions timer trigger).</summary>
    /// <value>The default is true.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the time between two passes in the runner (the Functions app runs on the fixed schedule of its timer trigger, every 10 minutes).</summary>
    /// <value>The default is 10 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets how long an endpoint must have been seen orphaned, pass after pass, before it is deleted.</summary>
    /// <remarks>
    /// Counted from the first pass that saw the endpoint orphaned, not from the endpoint's creation: an endpoint whose onboarding
    /// has just ended (and whose own cleanup may still be retrying) or a task hub that looks empty after a misconfiguration gets the
    /// whole period before anything is deleted. A restart forgets the sightings, which can only delay a deletion, never hasten it.
    /// </remarks>
    /// <value>The default is 1 hour.</value>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")]
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromHours(1);
}
