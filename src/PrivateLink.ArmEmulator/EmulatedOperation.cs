namespace PrivateLink.ArmEmulator;

/// <summary>A long-running operation the <c>Azure-AsyncOperation</c> URL reports on.</summary>
internal sealed class EmulatedOperation
{
    public required string Id { get; init; }

    public required int PollsLeft { get; set; }

    public required bool Fails { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    public required DateTimeOffset StartTime { get; init; }

    /// <summary>Gets the state change to apply when the operation reaches its terminal status.</summary>
    public required Action Complete { get; init; }

    public string Status { get; set; } = "InProgress";
}
