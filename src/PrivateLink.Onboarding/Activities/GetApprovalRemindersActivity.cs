using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;
using PrivateLink.Onboarding.Model;

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

/// <summary>When the customer is reminded of a pending approval: offsets before the approval deadline.</summary>
public sealed class ApprovalReminderOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "ApprovalReminders";

    /// <summary>Gets or sets the offsets before the deadline, <c>;</c>-separated TimeSpans (e.g. <c>3.00:00:00;1.00:00:00;01:00:00</c>); empty for none.</summary>
    /// <value>The default is 3 days, 1 day and 1 hour. An offset not shorter than the request's approval timeout is skipped.</value>
    public string Offsets { get; set; } = "3.00:00:00;1.00:00:00;01:00:00";

    /// <summary>Parses <see cref="Offsets"/>, longest first, without duplicates.</summary>
    /// <returns>The offsets.</returns>
    public TimeSpan[] Parse() =>
        [.. Offsets.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(o => TimeSpan.Parse(o, CultureInfo.InvariantCulture))
            .Distinct()
            .OrderDescending()];

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (string offset in Offsets.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TimeSpan.TryParse(offset, CultureInfo.InvariantCulture, out TimeSpan parsed) || parsed <= TimeSpan.Zero)
            {
                yield return new ValidationResult($"ApprovalReminders:Offsets: '{offset}' is not a positive TimeSpan (e.g. 1.00:00:00 for a day).", [nameof(Offsets)]);
            }
        }
    }
}
