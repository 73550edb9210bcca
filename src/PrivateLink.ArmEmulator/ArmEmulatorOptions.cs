using System.ComponentModel.DataAnnotations;

namespace PrivateLink.ArmEmulator;

/// <summary>Settings of an <see cref="ArmEmulatorServer"/>.</summary>
public sealed class ArmEmulatorOptions
{
    /// <summary>The configuration section an emulator started by a host reads.</summary>
    public const string SectionName = "ArmEmulator";

    /// <summary>Gets or sets the subscription the emulator's Azure-AsyncOperation URLs and helpers use.</summary>
    /// <value>The default is <c>00000000-0000-0000-0000-000000000001</c>.</value>
    [Required]
    [RegularExpression("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    public string SubscriptionId { get; set; } = "00000000-0000-0000-0000-000000000001";

    /// <summary>Gets or sets the private IP address every new private endpoint gets.</summary>
    /// <remarks>
    /// Null allocates 10.0.0.4, 10.0.0.5, ... in creation order, as a /24 subnet would. A local demo sets 127.0.0.1 so the
    /// connectivity probe reaches a loopback server.
    /// </remarks>
    /// <value>The default is null (sequential allocation from 10.0.0.4).</value>
    public string? PrivateIpAddress { get; set; }

    /// <summary>Gets or sets how many polls of an operation URL it takes for a long-running operation to end.</summary>
    /// <remarks>The N-th poll answers the terminal status; earlier polls answer <c>InProgress</c>.</remarks>
    /// <value>The default is 1.</value>
    [Range(1, 100)]
    public int PollsUntilTerminal { get; set; } = 1;

    /// <summary>Gets or sets the number of items per page of a list response (more items produce a <c>nextLink</c>).</summary>
    /// <value>The default is 1000.</value>
    [Range(1, 100_000)]
    public int PageSize { get; set; } = 1000;

    /// <summary>Gets or sets the Retry-After (seconds) sent with an operation that is still running.</summary>
    /// <value>The default is 1 second.</value>
    [Range(0, 60)]
    public int OperationRetryAfterSeconds { get; set; } = 1;
}
