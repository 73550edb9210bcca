using Microsoft.Extensions.Options;
using PrivateLink.Engine;

namespace PrivateLink.Host.Security;

/// <summary>Settings that make the runner trust something only a developer machine should: refused at start-up outside Development.</summary>
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
    ];

    /// <summary>Throws when a development-only setting is on outside Development, or when no durable backend is set there.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="environment">The host environment.</param>
    /// <exception cref="OptionsValidationException">
    /// Outside Development: every development-only setting that is on, and the missing durable backend, each a failure naming its setting.
    /// </exception>
    public static void ThrowIfSetOutsideDevelopment(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.IsDevelopment())
        {
            return;
        }

        List<string> refusals = [];
        foreach ((string key, string why) in All)
        {
            string? value = configuration[key];
            bool on = bool.TryParse(value, out bool flag) ? flag : !string.IsNullOrWhiteSpace(value);
            if (on)
            {
                refusals.Add(
                    $"{key} is a development-only setting ({why}) and is refused in environment '{environment.EnvironmentName}'. Remove it, or run with ASPNETCORE_ENVIRONMENT=Development on a developer machine.");
            }
        }

        // No backend configured means the in-memory engine: a developer machine's choice, never a server's.
        const string section = DurableEngineOptions.SectionName;
        DurableEngineOptions engine = configuration.GetSection(section).Get<DurableEngineOptions>() ?? new();
        if (!engine.IsDurable)
        {
            refusals.Add(
                $"{section}:{nameof(DurableEngineOptions.StorageConnectionString)} or {section}:{nameof(DurableEngineOptions.StorageAccountName)} is required in environment '{environment.EnvironmentName}': without either the runner would run on the in-memory engine, which loses every onboarding when the process stops (development only). Set one, or run with ASPNETCORE_ENVIRONMENT=Development on a developer machine.");
        }

        if (refusals.Count > 0)
        {
            throw new OptionsValidationException(nameof(DevelopmentOnlySettings), typeof(DevelopmentOnlySettings), refusals);
        }
    }
}
