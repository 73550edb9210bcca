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

    /// <summary>Throws when a development-only setting is on outside Development, or when no durable backend is configured there.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="environment">The host environment.</param>
    /// <exception cref="InvalidOperationException">A development-only setting is on, or no durable backend is set, outside Development; the message names the setting.</exception>
    public static void ThrowIfSetOutsideDevelopment(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.IsDevelopment())
        {
            return;
        }

        foreach ((string key, string why) in All)
        {
            string? value = configuration[key];
            bool on = bool.TryParse(value, out bool flag) ? flag : !string.IsNullOrWhiteSpace(value);
            if (on)
            {
                throw new InvalidOperationException(
                    $"{key} is a development-only setting ({why}) and is refused in environment '{environment.EnvironmentName}'. Remove it, or run with ASPNETCORE_ENVIRONMENT=Development on a developer machine.");
            }
        }

        // No backend configured means the in-memory engine: a developer machine's choice, never a server's.
        DurableEngineOptions engine = configuration.GetSection(DurableEngineOptions.SectionName).Get<DurableEngineOptions>() ?? new();
        if (!engine.IsDurable)
        {
            const string section = DurableEngineOptions.SectionName;
            throw new InvalidOperationException(
                $"{section}:{nameof(DurableEngineOptions.StorageConnectionString)} or {section}:{nameof(DurableEngineOptions.StorageAccountName)} is required in environment '{environment.EnvironmentName}': without either the runner would run on the in-memory engine, which loses every onboarding when the process stops (development only). Set one, or run with ASPNETCORE_ENVIRONMENT=Development on a developer machine.");
        }
    }
}
