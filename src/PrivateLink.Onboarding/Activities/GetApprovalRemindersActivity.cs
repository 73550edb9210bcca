using Microsoft.DurableTask;
using Microsoft.Extensions.Options;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Notifications;

namespace PrivateLink.Onboarding.Activities;

/// <summary>Reads the configured reminder offsets once per onboarding, so the orchestrator's timers come from its history (deterministic on replay).</summary>
/// <param name="options">The reminder options.</param>
public sealed class GetApprovalRemindersActivity(IOptions<ApprovalReminderOptions> options) : TaskActivity<OnboardDestinationInput, TimeSpan[]>
{
    /// <inheritdoc/>
    /// <param name="context">The activity context.</param>
    /// <param name="input">The onboarding: only offsets shorter than its approval timeout are returned.</param>
    public override Task<TimeSpan[]> RunAsync(TaskActivityContext context, OnboardDestinationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Task.FromResult(options.Value.Parse().Where(o => o < input.ApprovalTimeout).ToArray());
    }
}
