namespace PrivateLink.Arm;

/// <summary>The state of a private endpoint's connection request (<c>privateLinkServiceConnectionState</c>).</summary>
/// <param name="Status">Pending, Approved, Rejected or Disconnected.</param>
/// <param name="Description">The customer's or the provider's description.</param>
/// <param name="ActionsRequired">What ARM says must still happen.</param>
public sealed record ConnectionState(ConnectionStatus Status, string? Description, string? ActionsRequired);
