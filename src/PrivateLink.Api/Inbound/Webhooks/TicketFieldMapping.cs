using PrivateLink.SupportMatrix;

namespace PrivateLink.Api.Inbound.Webhooks;

/// <summary>Which ticket fields hold the onboarding request's values (Zendesk custom field ids, Jira <c>customfield_NNNNN</c> keys).</summary>
/// <remarks>
/// A field left unset is not read: the request field is then absent (and defaulted or reported by validation).
/// Values are read as text: a port list is <c>5432</c> or <c>5432=10.0.0.4,1433=10.0.0.5</c>; a check box is <c>true</c>/<c>false</c>.
/// </remarks>
public sealed class TicketFieldMapping
{
    /// <summary>Gets or sets the field holding the destination id.</summary>
    /// <value>The default is none: the id is the configured prefix plus the ticket id or key.</value>
    public string? DestinationId { get; set; }

    /// <summary>Gets or sets the field holding the destination type (e.g. <c>AzurePostgreSql</c>).</summary>
    public string? DestinationType { get; set; }

    /// <summary>Gets or sets the field holding the target's ARM resource ID.</summary>
    public string? TargetResourceId { get; set; }

    /// <summary>Gets or sets the field holding the Private Link groupId (optional).</summary>
    public string? GroupId { get; set; }

    /// <summary>Gets or sets the field holding the host name.</summary>
    public string? HostName { get; set; }

    /// <summary>Gets or sets the field holding the ports.</summary>
    public string? Ports { get; set; }

    /// <summary>Gets or sets the field holding whether TLS is required.</summary>
    public string? RequireTls { get; set; }

    /// <summary>Gets or sets the field holding the approval timeout (ISO-8601).</summary>
    public string? ApprovalTimeout { get; set; }

    /// <summary>Lists the configured request field → ticket field pairs.</summary>
    /// <returns>The pairs whose ticket field is set, keyed by the request's JSON field name.</returns>
    public IReadOnlyDictionary<string, string> ToDictionary()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        Add(map, "destinationId", DestinationId);
        Add(map, "destinationType", DestinationType);
        Add(map, "targetResourceId", TargetResourceId);
        Add(map, "groupId", GroupId);
        Add(map, "hostName", HostName);
        Add(map, "ports", Ports);
        Add(map, "requireTls", RequireTls);
        Add(map, "approvalTimeout", ApprovalTimeout);
        return map;
    }

    private static void Add(Dictionary<string, string> map, string requestField, string? ticketField)
    {
        if (!string.IsNullOrWhiteSpace(ticketField))
        {
            map[requestField] = ticketField.Trim();
        }
    }
}
