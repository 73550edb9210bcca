using PrivateLink.ArmEmulator;

namespace PrivateLink.Host;

/// <summary>Whether the runner starts the ARM emulator in-process (local runs and tests only).</summary>
public sealed class EmulatorHostingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "ArmEmulator";

    /// <summary>Gets or sets a value indicating whether to start the emulator and point the ARM adapter at it.</summary>
    /// <value>The default is false; <c>appsettings.Development.json</c> turns it on.</value>
    public bool Enabled { get; set; }

    /// <summary>Gets or sets the private IP the emulator gives new endpoints.</summary>
    /// <value>The default is 127.0.0.1, so probes reach local servers.</value>
    public string PrivateIpAddress { get; set; } = "127.0.0.1";

    /// <summary>Gets or sets target resource IDs the emulator knows at start (with the groupIds of their type).</summary>
    /// <value>The default is none.</value>
    public List<string> Targets { get; set; } = [];

    /// <summary>Gets or sets whether the service may read the seeded targets.</summary>
    /// <value>The default is <see cref="TargetAccess.OtherTenant"/> (401 <c>InvalidAuthenticationTokenTenant</c>), as for real customers' resources.</value>
    public TargetAccess TargetAccess { get; set; } = TargetAccess.OtherTenant;

    /// <summary>Gets or sets a value indicating whether operations end at their first poll, with no conflict window and no lags.</summary>
    /// <remarks>A test's opt-in, kinder than ARM; the other emulator settings (<see cref="ArmEmulatorOptions"/>) bind from the same section.</remarks>
    /// <value>The default is false (recorded durations: 40 s, Cosmos DB 8 minutes).</value>
    public bool InstantOperations { get; set; }
}
