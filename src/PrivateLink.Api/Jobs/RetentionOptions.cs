using System.ComponentModel.DataAnnotations;

namespace PrivateLink.Api.Jobs;

/// <summary>When the finished history of onboardings is purged from the task hub (each destination's last view kept as a record).</summary>
public sealed class RetentionOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Retention";

    /// <summary>Gets or sets a value indicating whether finished history is purged (the runner's hosted service and the Functions timer trigger).</summary>
    /// <value>The default is true.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets how long after its last update a finished onboarding's instance is kept in the task hub before it is purged.</summary>
    /// <value>The default is 90 days.</value>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan FinishedAfter { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Gets or sets the time between two passes in the runner (the Functions app runs on the fixed schedule of its timer trigger, every hour).</summary>
    /// <value>The default is 1 hour.</value>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets the Azure table of destination records (in the task hub's storage account) when the backend is Azure Storage.</summary>
    /// <value>The default is <c>destinationrecords</c>.</value>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$", ErrorMessage = "Must be an Azure table name: 3 to 63 letters and digits, starting with a letter.")]
    public string TableName { get; set; } = "destinationrecords";
}
