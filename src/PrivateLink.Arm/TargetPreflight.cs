namespace PrivateLink.Arm;

/// <summary>What reading the target told the service.</summary>
public enum TargetReadability
{
    /// <summary>The target was read; <see cref="TargetPreflight.Target"/> holds it.</summary>
    Readable,

    /// <summary>
    /// ARM refused the read (401 <c>InvalidAuthenticationTokenTenant</c>: the target is in another Entra tenant; 403
    /// <c>AuthorizationFailed</c>: no role on it), or a Private Link Service alias is not visible to this subscription (yet).
    /// Not a failure: a manual connection request needs no right on the target, so the endpoint PUT is the validation.
    /// </summary>
    Unreadable,

    /// <summary>The target, or its resource group, does not exist (404 <c>ResourceNotFound</c> / <c>ResourceGroupNotFound</c>).</summary>
    NotFound,
}

/// <summary>The result of the best-effort target preflight: never a gate by itself.</summary>
/// <param name="Readability">Readable, unreadable or not found.</param>
/// <param name="Target">The target when readable; null otherwise.</param>
/// <param name="ErrorCode">ARM's code when unreadable or not found (e.g. <c>InvalidAuthenticationTokenTenant</c>, <c>ResourceGroupNotFound</c>).</param>
/// <param name="Message">ARM's message (or the adapter's, for an alias) when unreadable or not found.</param>
public sealed record TargetPreflight(TargetReadability Readability, TargetResourceInfo? Target, string? ErrorCode, string? Message);
