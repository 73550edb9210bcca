using System.Collections.Frozen;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace PrivateLink.Functions.Security;

/// <summary>What each HTTP function requires, read once from the <see cref="RequireRoleAttribute"/> / <see cref="AnonymousFunctionAttribute"/> on its method.</summary>
/// <remarks>An HTTP function with neither attribute is in neither map and the middleware denies it: new functions are closed until someone decides.</remarks>
public static class FunctionAuthorizationMap
{
    private static readonly Lazy<(FrozenDictionary<string, string> Roles, FrozenSet<string> Anonymous)> Maps = new(Build);

    /// <summary>Gets the role each function requires, by function name.</summary>
    public static FrozenDictionary<string, string> Roles => Maps.Value.Roles;

    /// <summary>Gets the functions open to unauthenticated callers.</summary>
    public static FrozenSet<string> Anonymous => Maps.Value.Anonymous;

    private static (FrozenDictionary<string, string> Roles, FrozenSet<string> Anonymous) Build()
    {
        var roles = new Dictionary<string, string>(StringComparer.Ordinal);
        var anonymous = new HashSet<string>(StringComparer.Ordinal);
        foreach (MethodInfo method in typeof(FunctionAuthorizationMap).Assembly.GetTypes().SelectMany(t => t.GetMethods()))
        {
            if (method.GetCustomAttribute<FunctionAttribute>() is not { } function)
            {
                continue;
            }

            if (method.GetCustomAttribute<RequireRoleAttribute>() is { } role)
            {
                roles[function.Name] = role.Role;
            }
            else if (method.GetCustomAttribute<AnonymousFunctionAttribute>() is not null)
            {
                anonymous.Add(function.Name);
            }
        }

        return (roles.ToFrozenDictionary(StringComparer.Ordinal), anonymous.ToFrozenSet(StringComparer.Ordinal));
    }
}
