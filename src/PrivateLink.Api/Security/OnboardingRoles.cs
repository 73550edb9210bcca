namespace PrivateLink.Api.Security;

/// <summary>The app roles of the onboarding API; each is also the name of the authorization policy that requires it.</summary>
/// <remarks>Entra ID puts app roles in the access token's <c>roles</c> claim; Easy Auth passes the same claim in the platform's principal.</remarks>
public static class OnboardingRoles
{
    /// <summary>The claim type that carries app roles.</summary>
    public const string ClaimType = "roles";

    /// <summary>Read onboardings (get, list, console).</summary>
    public const string Read = "Onboarding.Read";

    /// <summary>Submit onboardings.</summary>
    public const string Submit = "Onboarding.Submit";

    /// <summary>Operate running onboardings: approval notice, cancel, re-check.</summary>
    public const string Operate = "Onboarding.Operate";

    /// <summary>Offboard a destination (deletes its private endpoint).</summary>
    public const string Offboard = "Onboarding.Offboard";

    /// <summary>Gets every role.</summary>
    public static IReadOnlyList<string> All { get; } = [Read, Submit, Operate, Offboard];
}
