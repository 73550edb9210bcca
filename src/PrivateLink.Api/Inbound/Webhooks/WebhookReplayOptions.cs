using System.ComponentModel.DataAnnotations;

namespace PrivateLink.Api.Inbound.Webhooks;

/// <summary>Settings of the store that remembers webhook deliveries so a replay is rejected.</summary>
/// <remarks>
/// The store is an Azure table in the durable storage account (<c>DurableTask:StorageConnectionString</c> or
/// <c>DurableTask:StorageAccountName</c> with a managed identity), shared by every instance; without either it is in memory,
/// like the in-memory engine.
/// </remarks>
public sealed class WebhookReplayOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Webhooks:Replay";

    /// <summary>Gets or sets the table name.</summary>
    /// <value>The default is <c>webhookdeliveries</c>.</value>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$", ErrorMessage = "Must be an Azure table name: 3 to 63 letters and digits, starting with a letter.")]
    public string TableName { get; set; } = "webhookdeliveries";
}
