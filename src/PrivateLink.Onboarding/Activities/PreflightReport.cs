namespace PrivateLink.Onboarding.Activities;

/// <summary>What the best-effort read of the target found: shown in the status so a support engineer sees what was and was not checked.</summary>
/// <remarks>
/// Reading a customer's resource is a preflight, never a gate: the service's identity usually holds no role on it (another
/// Entra tenant answers 401, the same tenant without a role 403), and a manual connection request needs none; the endpoint
/// PUT is then the validation.
/// </remarks>
/// <param name="Readable">True when ARM let this service read the target.</param>
/// <param name="Summary">What was checked and what could not be, in one line.</param>
/// <param name="Location">The target's region, when read.</param>
/// <param name="GroupIdsOffered">The Private Link subresources the target offers, when read (null when not readable or not exposed).</param>
/// <param name="Sku">The target's SKU or tier, when read and relevant (Service Bus: Premium).</param>
/// <param name="PrivateLinkServiceVisible">For a Private Link Service: whether it is visible to this subscription; null when not checked.</param>
/// <param name="SubnetFreeAddresses">Free addresses in the endpoint subnet before the endpoint is created; null when not read.</param>
/// <param name="Subnet">What the read of the endpoint subnet found (or why it was not read), in one line.</param>
public sealed record PreflightReport(
    bool Readable,
    string Summary,
    string? Location = null,
    IReadOnlyList<string>? GroupIdsOffered = null,
    string? Sku = null,
    bool? PrivateLinkServiceVisible = null,
    int? SubnetFreeAddresses = null,
    string? Subnet = null);
