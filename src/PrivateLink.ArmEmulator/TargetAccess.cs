namespace PrivateLink.ArmEmulator;

/// <summary>Whether the service's identity may read a seeded target (GET of it and of its <c>privateLinkResources</c>).</summary>
/// <remarks>Creating a private endpoint with a manual connection needs no right on the target, so PUTs work whatever this says.</remarks>
public enum TargetAccess
{
    /// <summary>The target is in the customer's own Entra tenant: 401 <c>InvalidAuthenticationTokenTenant</c> (the usual case; the default).</summary>
    OtherTenant,

    /// <summary>Same tenant, no role on the target: 403 <c>AuthorizationFailed</c>.</summary>
    NoRole,

    /// <summary>The service may read the target.</summary>
    Readable,
}
