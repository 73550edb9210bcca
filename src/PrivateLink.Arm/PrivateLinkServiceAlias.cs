using System.Text.RegularExpressions;

namespace PrivateLink.Arm;

/// <summary>Private Link Service aliases (<c>{prefix}.{guid}.{region}.azure.privatelinkservice</c>, e.g. Snowflake's), accepted wherever a PLS resource ID is.</summary>
public static partial class PrivateLinkServiceAlias
{
    /// <summary>Tells whether <paramref name="value"/> is a Private Link Service alias rather than an ARM resource ID.</summary>
    /// <param name="value">A resource ID or an alias.</param>
    /// <returns>True for an alias.</returns>
    public static bool IsAlias(string? value) => value is not null && AliasPattern().IsMatch(value);

    /// <summary>Gets the region an alias names (its third label from the end), e.g. <c>westeurope</c>.</summary>
    /// <param name="alias">An alias.</param>
    /// <returns>The region, or null when <paramref name="alias"/> is not an alias.</returns>
    public static string? Region(string alias)
    {
        Match match = AliasPattern().Match(alias ?? string.Empty);
        return match.Success ? match.Groups["region"].Value : null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9-]{0,79}\.[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\.(?<region>[A-Za-z0-9]+)\.azure\.privatelinkservice$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AliasPattern();
}
