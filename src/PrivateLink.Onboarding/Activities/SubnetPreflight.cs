using System.Globalization;
using PrivateLink.Arm;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Onboarding.Activities;

/// <summary>
/// The endpoint-subnet part of the preflight: one GET of the service's own subnet, before any endpoint is created. Too few free
/// addresses for the endpoints this destination needs fails validation with the numbers (the create would fail anyway, after
/// minutes); a subnet that cannot be read is reported and the onboarding goes on (the endpoint PUT is the validation).
/// </summary>
internal static class SubnetPreflight
{
    /// <summary>Reads the endpoint subnet and adds what it found to the validation's preflight report.</summary>
    /// <param name="arm">The ARM seam.</param>
    /// <param name="input">The request.</param>
    /// <param name="result">The target validation so far.</param>
    /// <returns>The validation with the subnet finding; invalid when the subnet is too full.</returns>
    /// <exception cref="ArmTransientException">ARM throttled or failed transiently (the activity's retry policy retries).</exception>
    public static async Task<TargetValidation> CheckAsync(IPrivateEndpointClient arm, OnboardDestinationInput input, TargetValidation result)
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

        return Apply(input, result, report, capacity);
    }

    /// <summary>Adds a subnet read to the report and decides whether the endpoints fit.</summary>
    /// <param name="input">The request.</param>
    /// <param name="result">The target validation so far (valid).</param>
    /// <param name="report">Its preflight report.</param>
    /// <param name="capacity">What the subnet read found; null when the ARM client does not read subnets.</param>
    /// <returns>The validation with the finding.</returns>
    internal static TargetValidation Apply(OnboardDestinationInput input, TargetValidation result, PreflightReport report, SubnetCapacity? capacity)
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
}
