using PrivateLink.Arm;

namespace PrivateLink.Onboarding.Orchestration;

/// <summary>The private DNS names of one endpoint: each FQDN clients resolve, with the private address it answers.</summary>
/// <param name="Records">The A records: the zone group's (Azure keeps them) or the service's own (a Private Link Service target).</param>
/// <param name="OwnedByService">True when the service wrote the records itself and must remove them on offboard and cleanup.</param>
/// <param name="Warning">Why no (or not every) name was registered; null when all went well.</param>
public sealed record PrivateDnsRegistration(IReadOnlyList<PrivateDnsRecord> Records, bool OwnedByService, string? Warning);
