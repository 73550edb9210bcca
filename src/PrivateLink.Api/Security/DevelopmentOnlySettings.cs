using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PrivateLink.Arm;

namespace PrivateLink.Api.Security;

/// <summary>Settings that make a host trust something only a developer machine should: refused at start-up outside Development, by both hosts.</summary>
/// <remarks>A host refuses every one that is on, whether or not it reads it (the Functions app has no ARM emulator or development issuer).</remarks>
public static class DevelopmentOnlySettings
{
    /// <summary>Gets the settings and why each is development-only.</summary>
    public static IReadOnlyList<(string Key, string Why)> All { get; } =
    [
        ("ArmEmulator:Enabled", "starts the in-process ARM emulator instead of Azure Resource Manager"),
        ("Arm:UseEmulatorCredential", "sends a fake token that only the ARM emulator accepts"),
        ("Arm:TrustedServerCertificateThumbprint", "trusts one extra certificate for the ARM endpoint"),
        ("Authentication:DevelopmentIssuer", "trusts tokens signed by the runner's own in-memory key"),
        ("Callbacks:AllowLoopback", "sends callbacks over plain http and to loopback addresses"),
        ("ServiceBus:ConnectionString", "connects with a shared access key (or to the development emulator) instead of DefaultAzureCredential to ServiceBus:FullyQualifiedNamespace"),
    ];

    /// <summary>Gets why each development-only setting that is on, and an ARM endpoint that is no Azure cloud's, is refused; empty in Development.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="environment">The host environment.</param>
    /// <returns>One refusal per setting that is on outside Development, naming it.</returns>
    public static IReadOnlyList<string> RefusalsOf(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.IsDevelopment())
        {
            return [];
        }

        List<string> refusals = [];
        foreach ((string key, string why) in All)
        {
            string? value = configuration[key];
            bool on = bool.TryParse(value, out bool flag) ? flag : !string.IsNullOrWhiteSpace(value);
            if (on)
            {
                refusals.Add(
                    $"{key} is a development-only setting ({why}) and is refused in environment '{environment.EnvironmentName}'. Remove it, or run with the Development environment on a developer machine.");
            }
        }

        // Any ARM endpoint but an Azure cloud's is the emulator (or a host that would receive the service's ARM token).
        var defaults = new ArmOptions();
        string endpoint = configuration[$"{ArmOptions.SectionName}:{nameof(ArmOptions.Endpoint)}"] ?? defaults.Endpoint.ToString();
        string audience = configuration[$"{ArmOptions.SectionName}:{nameof(ArmOptions.Audience)}"] ?? defaults.Audience;
        if (!ArmOptions.IsAzureCloud(endpoint, audience))
        {
            string clouds = string.Join(", ", ArmOptions.AzureClouds.Select(c => $"{c.Endpoint.GetLeftPart(UriPartial.Authority)} with audience {c.Audience}"));
            refusals.Add(
                $"{ArmOptions.SectionName}:{nameof(ArmOptions.Endpoint)} '{endpoint}' with {ArmOptions.SectionName}:{nameof(ArmOptions.Audience)} '{audience}' is not an Azure cloud's Resource Manager ({clouds}); another endpoint (the ARM emulator's) is refused in environment '{environment.EnvironmentName}', since it would receive the service's ARM token. Set one cloud's pair, or run with the Development environment on a developer machine.");
        }

        return refusals;
    }

    /// <summary>Throws when there is any refusal.</summary>
    /// <param name="refusals">The refusals (<see cref="RefusalsOf"/> and the host's own).</param>
    /// <exception cref="OptionsValidationException">There is at least one; its failures are the refusals.</exception>
    public static void ThrowIfAny(IReadOnlyList<string> refusals)
    {
        ArgumentNullException.ThrowIfNull(refusals);
        if (refusals.Count > 0)
        {
            throw new OptionsValidationException(nameof(DevelopmentOnlySettings), typeof(DevelopmentOnlySettings), refusals);
        }
    }
}
