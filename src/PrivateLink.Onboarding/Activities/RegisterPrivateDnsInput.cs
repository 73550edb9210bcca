using PrivateLink.SupportMatrix;

namespace PrivateLink.Onboarding.Activities;

/// <summary>One endpoint whose names to register in private DNS, once its addresses are known.</summary>
/// <param name="DestinationId">The destination.</param>
/// <param name="DestinationType">Its type (the support matrix decides the zone).</param>
/// <param name="TargetResourceId">The target's resource ID or Private Link Service alias.</param>
/// <param name="EndpointName">The endpoint.</param>
/// <param name="GroupId">The endpoint's groupId; null for a Private Link Service.</param>
/// <param name="HostName">The host name clients use through this endpoint.</param>
/// <param name="PrivateIpAddresses">The endpoint's private addresses.</param>
public sealed record RegisterPrivateDnsInput(
    string DestinationId,
    DestinationType DestinationType,
    string TargetResourceId,
    string EndpointName,
    string? GroupId,
    string HostName,
    IReadOnlyList<string> PrivateIpAddresses);
