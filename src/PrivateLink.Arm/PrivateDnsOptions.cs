using System.ComponentModel.DataAnnotations;

namespace PrivateLink.Arm;

/// <summary>Where the private DNS zones of the endpoints are, and whether the workflow registers names in them.</summary>
public sealed class PrivateDnsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "PrivateDns";

    /// <summary>Gets or sets a value indicating whether the workflow creates a zone group on each PaaS endpoint and A records for Private Link Service targets.</summary>
    /// <value>The default is true.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the resource group of the private DNS zones.</summary>
    /// <value>The default is null: the endpoints' resource group (<c>Arm:ResourceGroup</c>), where <c>infra/main.bicep</c> creates them.</value>
    [RegularExpression(@"^[-\w._()]{1,90}$")]
    public string? ZoneResourceGroup { get; set; }

    /// <summary>Gets or sets the subscription of the private DNS zones.</summary>
    /// <value>The default is null: the endpoints' subscription (<c>Arm:SubscriptionId</c>).</value>
    [RegularExpression("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    public string? ZoneSubscriptionId { get; set; }

    /// <summary>Gets or sets the private zone the service writes A records in for VM-hosted destinations (behind a Private Link Service).</summary>
    /// <remarks>A destination's host name must lie in this zone (<c>pg.customer.internal</c> in <c>customer.internal</c>) to get a record.</remarks>
    /// <value>The default is null: no records for VM-hosted destinations.</value>
    [RegularExpression(@"^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$")]
    public string? PrivateLinkServiceZone { get; set; }

    /// <summary>Gets or sets the TTL of the A records the service writes.</summary>
    /// <value>The default is 10 seconds, what Azure gives the records of a zone group.</value>
    [Range(1, 86400)]
    public int RecordTtlSeconds { get; set; } = 10;
}
