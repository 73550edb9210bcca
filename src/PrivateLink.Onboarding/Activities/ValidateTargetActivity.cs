using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PrivateLink.Arm;
using PrivateLink.Onboarding.Model;
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
        result = await PrivateLinkServicePreflight.CheckAsync(arm, preflight, result).ConfigureAwait(false);
        result = await SubnetPreflight.CheckAsync(arm, input, result).ConfigureAwait(false);

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
}
