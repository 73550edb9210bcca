using PrivateLink.Arm;
using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Onboarding.Activities;

/// <summary>What registering an endpoint's names did: started a zone group operation to poll, or finished (records written, or nothing to do and why).</summary>
/// <param name="Operation">The zone group PUT's operation; null when finished.</param>
/// <param name="Zone">The zone of the zone group or of the records.</param>
/// <param name="Done">The outcome when no operation is left to poll.</param>
public sealed record PrivateDnsStart(PrivateEndpointOperation? Operation, string? Zone, PrivateDnsRegistration? Done);
