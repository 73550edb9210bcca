using PrivateLink.Arm;

namespace PrivateLink.Onboarding.Activities;

/// <summary>
/// The visibility part of the preflight for a Private Link Service named by resource ID and readable: its alias is asked
/// (POST <c>checkPrivateLinkServiceVisibility</c>) whether this subscription may connect. A finding, not a gate, as for an
/// alias: the owner may still add the subscription, and the endpoint PUT is the validation.
/// </summary>
internal static class PrivateLinkServicePreflight
{
    /// <summary>Checks the visibility of a readable Private Link Service's alias and adds it to the report.</summary>
    /// <param name="arm">The ARM seam.</param>
    /// <param name="preflight">What reading the target found.</param>
    /// <param name="result">The target validation so far.</param>
    /// <returns>The validation with <see cref="PreflightReport.PrivateLinkServiceVisible"/> set when it could be checked.</returns>
    /// <exception cref="ArmTransientException">ARM throttled or failed transiently (the activity's retry policy retries).</exception>
    public static async Task<TargetValidation> CheckAsync(IPrivateEndpointClient arm, TargetPreflight preflight, TargetValidation result)
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
}
