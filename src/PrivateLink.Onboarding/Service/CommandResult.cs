namespace PrivateLink.Onboarding.Service;

/// <summary>The result of an operator command.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Reason">Why it was refused, when it was.</param>
public sealed record CommandResult(CommandOutcome Outcome, string? Reason)
{
    /// <summary>Gets the accepted result.</summary>
    public static CommandResult Accepted { get; } = new(CommandOutcome.Accepted, null);

    /// <summary>Gets the not-found result.</summary>
    public static CommandResult NotFound { get; } = new(CommandOutcome.NotFound, null);

    /// <summary>Creates a conflict result.</summary>
    /// <param name="reason">Why.</param>
    /// <returns>The result.</returns>
    public static CommandResult Conflict(string reason) => new(CommandOutcome.Conflict, reason);
}
