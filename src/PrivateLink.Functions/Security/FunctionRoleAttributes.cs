namespace PrivateLink.Functions.Security;

/// <summary>The app role (<see cref="PrivateLink.Api.Security.OnboardingRoles"/>) a caller needs to invoke this HTTP function.</summary>
/// <param name="role">The role.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class RequireRoleAttribute(string role) : Attribute
{
    /// <summary>Gets the role.</summary>
    public string Role { get; } = role;
}

/// <summary>Marks an HTTP function as open to unauthenticated callers (health, and the webhooks that check their own signatures).</summary>
/// <remarks>Such a path must also be in Easy Auth's <c>excludedPaths</c> (infra/main.bicep), or the platform answers 401 before the worker runs.</remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class AnonymousFunctionAttribute : Attribute
{
}
