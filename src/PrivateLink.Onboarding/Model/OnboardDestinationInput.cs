using PrivateLink.SupportMatrix;

namespace PrivateLink.Onboarding.Model;

/// <summary>The validated onboarding request: the orchestration's input, stored in durable history.</summary>
/// <remarks>Holds no secret: durable history is stored in clear.</remarks>
/// <param name="DestinationId">The destination id.</param>
/// <param name="DestinationType">The destination type.</param>
/// <param name="TargetResourceId">The ARM resource ID of the target.</param>
/// <param name="GroupId">The requested groupId (canonical spelling); null to discover it, and always null for a Private Link Service.</param>
/// <param name="HostName">The host name for SNI and certificate validation.</param>
/// <param name="Ports">The ports to probe (never empty).</param>
/// <param name="RequireTls">Whether TLS is required.</param>
/// <param name="TicketId">The ticket that asked for the onboarding.</param>
/// <param name="ApprovalTimeout">How long to wait for approval.</param>
/// <param name="CallbackUrl">The URL called back at the end, if any.</param>
/// <param name="TrustedCaCertificatesPem">Extra CA certificates trusted for this destination (public data, not a secret).</param>
/// <param name="PinnedCertificateSha256">The pinned certificate fingerprint (upper-case hex), if any.</param>
/// <param name="Limits">The bounds of the workflow's durable waits on ARM; null for <see cref="Orchestration.WorkflowLimits.Default"/>.</param>
/// <remarks>Who submitted the request is <see cref="RequestedBy"/>, outside the comparison of <see cref="IsSameRequestAs"/>.</remarks>
public sealed record OnboardDestinationInput(
    string DestinationId,
    DestinationType DestinationType,
    string TargetResourceId,
    string? GroupId,
    string HostName,
    IReadOnlyList<PortMapping> Ports,
    bool RequireTls,
    string? TicketId,
    TimeSpan ApprovalTimeout,
    string? CallbackUrl,
    string? TrustedCaCertificatesPem = null,
    string? PinnedCertificateSha256 = null,
    Orchestration.WorkflowLimits? Limits = null)
{
    /// <summary>Gets the orchestration instance id of a destination.</summary>
    /// <param name="destinationId">The destination id.</param>
    /// <returns><c>onboard-{destinationId}</c>.</returns>
    public static string InstanceIdFor(string destinationId)
    {
        ArgumentException.ThrowIfNullOrEmpty(destinationId);
        return $"onboard-{destinationId}";
    }

    /// <summary>Gets the deterministic private endpoint name of a destination.</summary>
    /// <param name="destinationId">The destination id.</param>
    /// <returns><c>pe-onboard-{destinationId}</c>: a retry always addresses the same endpoint.</returns>
    public static string EndpointNameFor(string destinationId)
    {
        ArgumentException.ThrowIfNullOrEmpty(destinationId);
        return $"pe-onboard-{destinationId}";
    }

    /// <summary>Gets who submitted the request (the API caller, the ticket system, the Service Bus sender); set by the intake, never by the request body.</summary>
    public Actor? RequestedBy { get; init; }

    /// <summary>Gets a value indicating whether a host name that does not resolve to the endpoint's private IP fails the connectivity check (otherwise a warning).</summary>
    public bool StrictNameResolution { get; init; }

    /// <summary>Gets the orchestration instance id.</summary>
    public string InstanceId => InstanceIdFor(DestinationId);

    /// <summary>Gets the private endpoint name.</summary>
    public string EndpointName => EndpointNameFor(DestinationId);

    /// <summary>Tells whether another request asks for the same onboarding (same destination, target and settings).</summary>
    /// <param name="other">The other request.</param>
    /// <returns>True when both describe the same onboarding.</returns>
    public bool IsSameRequestAs(OnboardDestinationInput other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return DestinationId == other.DestinationId
            && DestinationType == other.DestinationType
            && string.Equals(TargetResourceId, other.TargetResourceId, StringComparison.OrdinalIgnoreCase)
            && string.Equals(GroupId, other.GroupId, StringComparison.OrdinalIgnoreCase)
            && string.Equals(HostName, other.HostName, StringComparison.OrdinalIgnoreCase)
            && Ports.SequenceEqual(other.Ports)
            && RequireTls == other.RequireTls
            && StrictNameResolution == other.StrictNameResolution
            && TicketId == other.TicketId
            && ApprovalTimeout == other.ApprovalTimeout
            && CallbackUrl == other.CallbackUrl
            && TrustedCaCertificatesPem == other.TrustedCaCertificatesPem
            && PinnedCertificateSha256 == other.PinnedCertificateSha256;
    }
}

/// <summary>One port to probe: for VM-hosted destinations, a Private Link Service port and the IP it forwards to.</summary>
/// <param name="Port">The TCP port.</param>
/// <param name="DestinationIp">The IP address behind the Private Link Service; null for Azure-hosted destinations.</param>
public sealed record PortMapping(int Port, string? DestinationIp);

/// <summary>Who asked for a command: an operator, a service principal or the service itself.</summary>
/// <remarks>Recorded on the timeline, in destination events and in logs. Identifiers only; never a token.</remarks>
/// <param name="ObjectId">The caller's Entra object id (<c>oid</c>), or a fixed name for the service's own actors (<c>system:watcher</c>).</param>
/// <param name="AppId">The client application id (<c>azp</c>/<c>appid</c>), if any.</param>
/// <param name="DisplayName">A readable name (<c>name</c> or <c>preferred_username</c>), if any.</param>
public sealed record Actor(string ObjectId, string? AppId = null, string? DisplayName = null);
