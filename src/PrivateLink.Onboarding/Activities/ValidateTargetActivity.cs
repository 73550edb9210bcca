using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PrivateLink.Arm;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.SupportMatrix;

namespace PrivateLink.Onboarding.Activities;

/// <summary>
/// The best-effort preflight of the target. When ARM lets this service read it: it exists, has the expected type, offers the
/// groupId the destination needs (and, for Service Bus, is Premium). When ARM refuses (401 another tenant, 403 no role) or a
/// Private Link Service alias is not visible yet: continues with the requested groupId or the support matrix's default and says
/// so in the status, because a manual connection request needs no right on the target and the endpoint PUT is the validation.
/// </summary>
public sealed class ValidateTargetActivity(IPrivateEndpointClient arm, ILogger<ValidateTargetActivity> logger)
    : TaskActivity<OnboardDestinationInput, TargetValidation>
{
    /// <inheritdoc/>
    public override async Task<TargetValidation> RunAsync(TaskActivityContext context, OnboardDestinationInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        DestinationProfile profile = DestinationCatalog.Get(input.DestinationType);

        TargetPreflight preflight = await arm.PreflightTargetAsync(input.TargetResourceId, CancellationToken.None);
        TargetValidation result = preflight.Readability switch
        {
            TargetReadability.Readable when preflight.Target is not null => Decide(profile, input, preflight.Target),
            TargetReadability.NotFound => TargetValidation.Invalid(
                $"The target resource {input.TargetResourceId} does not exist ({preflight.ErrorCode ?? "ResourceNotFound"}).",
                new PreflightReport(true, $"Target read: {input.TargetResourceId} does not exist ({preflight.ErrorCode ?? "ResourceNotFound"}).")),
            _ => Unverified(profile, input, preflight.ErrorCode, preflight.Message),
        };
        result = await CheckPrivateLinkServiceAsync(arm, preflight, result).ConfigureAwait(false);
        result = await CheckSubnetAsync(arm, input, result).ConfigureAwait(false);

        Log.TargetValidated(logger, context.InstanceId, input.DestinationId, result.IsValid, result.GroupId, result.Reason ?? result.Preflight?.Summary);
        return result;
    }

    /// <summary>Decides without reading the target: the requested groupId, or the matrix's default.</summary>
    /// <param name="profile">The destination type's profile.</param>
    /// <param name="input">The request.</param>
    /// <param name="errorCode">ARM's code for the refusal (<c>InvalidAuthenticationTokenTenant</c>, <c>AuthorizationFailed</c>, …).</param>
    /// <param name="message">ARM's message.</param>
    /// <returns>A valid result whose preflight says the target could not be verified.</returns>
    internal static TargetValidation Unverified(DestinationProfile profile, OnboardDestinationInput input, string? errorCode, string? message)
    {
        bool alias = PrivateLinkServiceAlias.IsAlias(input.TargetResourceId);
        string why = (alias, errorCode) switch
        {
            (true, _) => "the Private Link Service alias is not visible to this subscription yet (the provider must allow it; a new alias takes a while to propagate)",
            (_, "InvalidAuthenticationTokenTenant") => "ARM answered 401 InvalidAuthenticationTokenTenant: the target is in another Entra tenant",
            (_, "AuthorizationFailed") => "ARM answered 403 AuthorizationFailed: this service holds no role on the target",
            _ => $"ARM refused the read: {errorCode ?? "unknown"}{(message is { Length: > 0 } ? $" ({message})" : string.Empty)}; another tenant?",
        };
        if (profile.TargetsPrivateLinkService)
        {
            return new TargetValidation(
                true,
                null,
                null,
                null,
                new PreflightReport(false, $"Target not verified: {why}. The manual connection request needs no right on it; the endpoint request validates it.", PrivateLinkServiceVisible: alias ? false : null));
        }

        IReadOnlyList<string> groupIds = profile.EndpointGroupIdsFor(input.GroupId);
        string source = input.GroupId is null ? "the support matrix's default" : "the requested";
        return new TargetValidation(
            true,
            groupIds[0],
            null,
            null,
            new PreflightReport(false, $"Target not verified: {why}. Continuing with {source} groupId {string.Join(" and ", groupIds)}; the endpoint request validates it."),
            groupIds);
    }

    /// <summary>Decides from what ARM read whether the target is usable.</summary>
    /// <param name="profile">The destination type's profile.</param>
    /// <param name="input">The request.</param>
    /// <param name="target">What ARM returned; null when the target does not exist.</param>
    /// <returns>The validation result.</returns>
    internal static TargetValidation Decide(DestinationProfile profile, OnboardDestinationInput input, TargetResourceInfo? target)
    {
        if (target is null)
        {
            return TargetValidation.Invalid(
                $"The target resource {input.TargetResourceId} does not exist.",
                new PreflightReport(true, $"Target read: {input.TargetResourceId} does not exist."));
        }

        string? sku = target.SkuTier ?? target.SkuName;
        var read = new PreflightReport(true, $"Target read: {target.ResourceType} in {target.Location}.", target.Location, target.GroupIds, sku);
        if (!profile.ResourceTypes.Contains(target.ResourceType, StringComparer.OrdinalIgnoreCase))
        {
            return TargetValidation.Invalid($"The target is a {target.ResourceType}; a {profile.Type} destination needs {string.Join(" or ", profile.ResourceTypes)}.", read);
        }

        if (profile.Type == DestinationType.AzureServiceBus && sku is not null && !string.Equals(sku, "Premium", StringComparison.OrdinalIgnoreCase))
        {
            return TargetValidation.Invalid(
                $"The Service Bus namespace {input.TargetResourceId} is {sku}; private endpoints exist on Premium namespaces only. Upgrade it to Premium, then submit again.",
                read with { Summary = $"Target read: Service Bus namespace in {target.Location}, tier {sku} (Premium needed)." });
        }

        if (profile.TargetsPrivateLinkService)
        {
            bool? visible = PrivateLinkServiceAlias.IsAlias(input.TargetResourceId) ? true : null;
            return new TargetValidation(
                true,
                null,
                target.Location,
                null,
                read with { Summary = $"Target read: Private Link Service in {target.Location}{(visible == true ? ", alias visible to this subscription" : string.Empty)}.", PrivateLinkServiceVisible = visible });
        }

        // A Cosmos DB account for MongoDB speaks another protocol on another port: the request must say so (its ports were defaulted for NoSQL).
        bool mongoAccount = string.Equals(target.Kind, "MongoDB", StringComparison.OrdinalIgnoreCase)
            || (target.Capabilities ?? []).Contains("EnableMongo", StringComparer.OrdinalIgnoreCase);
        if (profile.Type == DestinationType.AzureCosmosDb && mongoAccount && input.GroupId is null)
        {
            return TargetValidation.Invalid(
                $"The Cosmos DB account {input.TargetResourceId} is an Azure Cosmos DB for MongoDB account; submit again with groupId MongoDB (probed with the MongoDB wire protocol on port 10255).",
                read with { Summary = $"Target read: Cosmos DB account for MongoDB in {target.Location}." });
        }

        // The provider's own list decides; the static matrix is the fallback when it does not expose one.
        IReadOnlyList<string> offered = target.GroupIds ?? profile.GroupIds;
        string offeredText = target.GroupIds is null ? "the provider does not list its subresources" : $"offers {string.Join(", ", offered)}";
        string? chosen;
        if (input.GroupId is not null)
        {
            chosen = offered.FirstOrDefault(g => string.Equals(g, input.GroupId, StringComparison.OrdinalIgnoreCase));
            if (chosen is null)
            {
                return TargetValidation.Invalid($"The target does not offer the Private Link subresource '{input.GroupId}'; it offers: {string.Join(", ", offered)}.", read);
            }
        }
        else
        {
            chosen = profile.GroupIds.FirstOrDefault(g => offered.Contains(g, StringComparer.OrdinalIgnoreCase));
            if (chosen is null)
            {
                return TargetValidation.Invalid($"The target offers none of the subresources a {profile.Type} destination uses ({string.Join(", ", profile.GroupIds)}); it offers: {string.Join(", ", offered)}.", read);
            }
        }

        IReadOnlyList<string> groupIds = profile.EndpointGroupIdsFor(chosen);
        string? missing = groupIds.FirstOrDefault(g => !offered.Contains(g, StringComparer.OrdinalIgnoreCase));
        if (missing is not null)
        {
            return TargetValidation.Invalid($"A {profile.Type} destination needs endpoints for {string.Join(" and ", groupIds)}; the target does not offer '{missing}' (it offers: {string.Join(", ", offered)}).", read);
        }

        string tier = sku is null ? string.Empty : $", tier {sku}";
        return new TargetValidation(
            true,
            groupIds[0],
            target.Location,
            null,
            read with { Summary = $"Target read: {target.ResourceType} in {target.Location}{tier}, {offeredText}; groupId {string.Join(" and ", groupIds)}." },
            groupIds);
    }

    /// <summary>Adds a subnet read to the report and decides whether the endpoints fit.</summary>
    /// <param name="input">The request.</param>
    /// <param name="result">The target validation so far (valid).</param>
    /// <param name="report">Its preflight report.</param>
    /// <param name="capacity">What the subnet read found; null when the ARM client does not read subnets.</param>
    /// <returns>The validation with the finding.</returns>
    internal static TargetValidation ApplySubnet(OnboardDestinationInput input, TargetValidation result, PreflightReport report, SubnetCapacity? capacity)
    {
        if (capacity is null)
        {
            return result with { Preflight = report with { Subnet = "Endpoint subnet free addresses not checked." } };
        }

        string prefixes = capacity.AddressPrefixes.Count > 0 ? string.Join(", ", capacity.AddressPrefixes) : "no address prefix";
        if (capacity.FreeAddresses is not int free)
        {
            return result with { Preflight = report with { Subnet = $"Endpoint subnet {capacity.SubnetId} ({prefixes}): no IPv4 prefix to count free addresses in." } };
        }

        // An endpoint this destination already has in the subnet (a resubmission, a retried create) needs no new address.
        IReadOnlyList<string> groupIds = result.GroupIds ?? (result.GroupId is { } groupId ? [groupId] : []);
        HashSet<string> present = capacity.PrivateEndpointIds.Select(id => id[(id.LastIndexOf('/') + 1)..]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        int needed = DestinationEndpoints.Plan(input, groupIds).Count(e => !present.Contains(e.Name));
        string finding = string.Create(
            CultureInfo.InvariantCulture,
            $"Endpoint subnet {capacity.SubnetId} ({prefixes}): {free} of {capacity.UsableAddresses} addresses free ({capacity.UsedAddresses} IP configurations, {capacity.PrivateEndpointIds.Count} private endpoints); this destination needs at least {needed} more.");
        PreflightReport withSubnet = report with { SubnetFreeAddresses = free, Subnet = finding };
        if (free >= needed)
        {
            return result with { Preflight = withSubnet };
        }

        return TargetValidation.Invalid(
            string.Create(
                CultureInfo.InvariantCulture,
                $"The endpoint subnet {capacity.SubnetId} has {free} free addresses; this destination needs at least {needed} (one per private endpoint). Free addresses in it or give the service a larger subnet (Arm:SubnetId), then submit again."),
            withSubnet) with { GroupId = result.GroupId };
    }

    /// <summary>
    /// The visibility part of the preflight for a Private Link Service named by resource ID and readable: its alias is asked
    /// (POST <c>checkPrivateLinkServiceVisibility</c>) whether this subscription may connect. A finding, not a gate, as for an
    /// alias: the owner may still add the subscription, and the endpoint PUT is the validation.
    /// </summary>
    /// <param name="arm">The ARM seam.</param>
    /// <param name="preflight">What reading the target found.</param>
    /// <param name="result">The target validation so far.</param>
    /// <returns>The validation with <see cref="PreflightReport.PrivateLinkServiceVisible"/> set when it could be checked.</returns>
    /// <exception cref="ArmTransientException">ARM throttled or failed transiently (the activity's retry policy retries).</exception>
    private static async Task<TargetValidation> CheckPrivateLinkServiceAsync(IPrivateEndpointClient arm, TargetPreflight preflight, TargetValidation result)
    {
        if (!result.IsValid
            || result.Preflight is not { PrivateLinkServiceVisible: null } report
            || preflight.Target?.PrivateLinkService?.Alias is not { Length: > 0 } alias
            || !PrivateLinkServiceAlias.IsAlias(alias))
        {
            return result;
        }

        bool? visible;
        try
        {
            visible = await arm.CheckPrivateLinkServiceVisibilityAsync(alias, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ArmRequestException ex)
        {
            return result with { Preflight = report with { Summary = $"{report.Summary} Visibility of its alias not checked: ARM answered {ex.Status} {ex.ErrorCode}." } };
        }

        string finding = visible switch
        {
            true => $"Its alias {alias} is visible to this subscription.",
            false => $"Its alias {alias} is NOT visible to this subscription: its owner must add the subscription to the service's visibility list, or the connection request will be refused.",
            null => $"ARM did not answer the visibility check of its alias {alias} synchronously; not awaited.",
        };
        return result with { Preflight = report with { PrivateLinkServiceVisible = visible, Summary = $"{report.Summary} {finding}" } };
    }

    /// <summary>
    /// The endpoint-subnet part of the preflight: one GET of the service's own subnet, before any endpoint is created. Too few free
    /// addresses for the endpoints this destination needs fails validation with the numbers (the create would fail anyway, after
    /// minutes); a subnet that cannot be read is reported and the onboarding goes on (the endpoint PUT is the validation).
    /// </summary>
    /// <param name="arm">The ARM seam.</param>
    /// <param name="input">The request.</param>
    /// <param name="result">The target validation so far.</param>
    /// <returns>The validation with the subnet finding; invalid when the subnet is too full.</returns>
    /// <exception cref="ArmTransientException">ARM throttled or failed transiently (the activity's retry policy retries).</exception>
    private static async Task<TargetValidation> CheckSubnetAsync(IPrivateEndpointClient arm, OnboardDestinationInput input, TargetValidation result)
    {
        if (!result.IsValid || result.Preflight is not { } report)
        {
            return result;
        }

        SubnetCapacity? capacity;
        try
        {
            capacity = await arm.GetEndpointSubnetCapacityAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (ArmRequestException ex)
        {
            return result with { Preflight = report with { Subnet = $"Endpoint subnet not read: ARM answered {ex.Status} {ex.ErrorCode} ({ex.Message}); the endpoint request will tell." } };
        }

        return ApplySubnet(input, result, report, capacity);
    }
}

/// <summary>What ARM says about the target: usable or not, and which groupId to use.</summary>
/// <param name="IsValid">True when the target exists and offers what the destination needs.</param>
/// <param name="GroupId">The groupId to request (discovered when the request named none); null for a Private Link Service.</param>
/// <param name="Location">The target's region.</param>
/// <param name="Reason">Why the target is not usable.</param>
/// <param name="Preflight">What the best-effort read of the target found; null from a run before preflight reports existed.</param>
/// <param name="GroupIds">Every groupId to create an endpoint for, <paramref name="GroupId"/> first (ADLS Gen2: blob and dfs); null means just <paramref name="GroupId"/>.</param>
public sealed record TargetValidation(
    bool IsValid,
    string? GroupId,
    string? Location,
    string? Reason,
    PreflightReport? Preflight = null,
    IReadOnlyList<string>? GroupIds = null)
{
    /// <summary>Creates a failed validation.</summary>
    /// <param name="reason">Why.</param>
    /// <returns>The result.</returns>
    public static TargetValidation Invalid(string reason) => new(false, null, null, reason);

    /// <summary>Creates a failed validation with the preflight that decided it.</summary>
    /// <param name="reason">Why.</param>
    /// <param name="preflight">What the read found.</param>
    /// <returns>The result.</returns>
    public static TargetValidation Invalid(string reason, PreflightReport preflight) => new(false, null, preflight.Location, reason, preflight);
}

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
