namespace PrivateLink.Api.Jobs;

/// <summary>What one pass of the orphan reconciler did.</summary>
/// <param name="OwnedEndpoints">Endpoints this service owns, as listed from ARM.</param>
/// <param name="Orphans">Owned endpoints whose destination's onboarding ended in a stage without an endpoint, or has no instance.</param>
/// <param name="WithinGracePeriod">Orphans first seen less than the grace period ago: kept for now.</param>
/// <param name="Deleted">Orphans deleted by this pass.</param>
/// <param name="DeleteFailed">Orphans whose deletion ARM refused or failed; the next pass tries again.</param>
public sealed record OrphanReconcilerPass(int OwnedEndpoints, int Orphans, int WithinGracePeriod, int Deleted, int DeleteFailed);
