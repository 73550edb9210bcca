using PrivateLink.Arm;
using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Onboarding.Activities;

/// <summary>What sending a PUT or DELETE of an endpoint did: started an operation, found nothing to do, or was turned away.</summary>
/// <remarks>A transient refusal is returned, not thrown, so the orchestrator waits the Retry-After ARM asked for on a durable timer.</remarks>
/// <param name="Operation">The operation to poll; null when a DELETE found nothing, or when the request was turned away.</param>
/// <param name="Endpoint">The endpoint as the PUT answered.</param>
/// <param name="TransientCode">ARM's code when it turned the request away for now (409 <c>AnotherOperationInProgress</c>, 429, 5xx).</param>
/// <param name="RefusedStatus">ARM's status when it refused the request for good (0 when it did not).</param>
/// <param name="RefusedCode">ARM's code when it refused (<c>RequestDisallowedByPolicy</c>, <c>InvalidPrivateLinkServiceId</c>, …).</param>
/// <param name="Message">ARM's message for a transient or final refusal.</param>
/// <param name="RetryAfter">How long ARM asked to wait, when it said.</param>
public sealed record EndpointOperationStart(
    PrivateEndpointOperation? Operation,
    PrivateEndpointInfo? Endpoint,
    string? TransientCode = null,
    int RefusedStatus = 0,
    string? RefusedCode = null,
    string? Message = null,
    TimeSpan? RetryAfter = null)
{
    /// <summary>Gets a value indicating whether ARM turned the request away for now.</summary>
    public bool IsTransient => TransientCode is not null;

    /// <summary>Gets a value indicating whether ARM refused the request for good.</summary>
    public bool IsRefused => RefusedStatus != 0;

    /// <summary>Wraps a transient refusal.</summary>
    /// <param name="ex">The adapter's exception.</param>
    /// <returns>The result.</returns>
    public static EndpointOperationStart Transient(ArmTransientException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return new(null, null, TransientCode: ex.ErrorCode ?? ex.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), Message: ex.Message, RetryAfter: ex.RetryAfter);
    }

    /// <summary>Wraps a final refusal.</summary>
    /// <param name="ex">The adapter's exception.</param>
    /// <returns>The result.</returns>
    public static EndpointOperationStart Refused(ArmRequestException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return new(null, null, RefusedStatus: ex.Status == 0 ? 400 : ex.Status, RefusedCode: ex.ErrorCode, Message: ex.Message);
    }
}
