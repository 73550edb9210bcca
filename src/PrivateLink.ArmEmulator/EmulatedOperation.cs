namespace PrivateLink.ArmEmulator;

/// <summary>A long-running operation the <c>Azure-AsyncOperation</c> URL reports on.</summary>
internal sealed class EmulatedOperation
{
    public required string Id { get; init; }

    public required int PollsLeft { get; set; }

    public required DateTimeOffset DueAt { get; init; }

    public required bool Fails { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    public required DateTimeOffset StartTime { get; init; }

    /// <summary>Gets the signature (<c>h=</c>) the operation URL was issued with.</summary>
    public required string Signature { get; init; }

    /// <summary>Gets the state change to apply when the operation reaches its terminal status (given the time it ended).</summary>
    public required Action<DateTimeOffset> Complete { get; init; }

    public string Status { get; set; } = "InProgress";
}
