using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PrivateLink.Onboarding.Activities;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Notifications;

namespace PrivateLink.Onboarding.Orchestration;

/// <summary>The reminders of one approval wait: a durable timer per offset before the deadline, each reminder published once (event and ticket comment).</summary>
/// <remarks>
/// Deterministic: the offsets come from an activity's recorded result, the times from the orchestration clock, and each reminder's
/// event id is fixed by its offset, so a replayed publication is dropped by the sinks' idempotency. The timer of the next reminder is
/// cancelled when the wait ends first.
/// </remarks>
internal sealed class ApprovalReminders
{
    private static readonly Task Never = new TaskCompletionSource().Task;
    private readonly TaskOrchestrationContext _context;
    private readonly OnboardDestinationInput _input;
    private readonly DateTime _deadline;
    private readonly Queue<TimeSpan> _offsets;
    private CancellationTokenSource? _timerCts;
    private TimeSpan _pending;

    private ApprovalReminders(TaskOrchestrationContext context, OnboardDestinationInput input, DateTime deadline, IEnumerable<TimeSpan> offsets)
    {
        _context = context;
        _input = input;
        _deadline = deadline;
        // Offsets already past (a short timeout) are skipped rather than sent at once.
        _offsets = new Queue<TimeSpan>(offsets.Where(o => deadline - o > context.CurrentUtcDateTime).OrderDescending());
        Next = Schedule();
    }

    /// <summary>Gets the timer of the next reminder; a task that never completes when none is left.</summary>
    public Task Next { get; private set; }

    /// <summary>Reads the configured offsets and schedules the first reminder.</summary>
    public static async Task<ApprovalReminders> StartAsync(TaskOrchestrationContext context, OnboardDestinationInput input, DateTime deadline)
    {
        TimeSpan[] offsets = await context.CallActivityAsync<TimeSpan[]>(nameof(GetApprovalRemindersActivity), input, RetryPolicies.Notify);
        return new ApprovalReminders(context, input, deadline, offsets);
    }

    /// <summary>Publishes the reminder whose timer fired and schedules the next one.</summary>
    public async Task SendAsync(StatusTracker status)
    {
        TimeSpan offset = _pending;
        _timerCts?.Dispose();
        _timerCts = null;
        string detail = $"Reminder: the connection request of private endpoint {_input.EndpointName} still waits for approval; it is deleted at {_deadline:u} (in {offset}). {status.Detail}";
        var reminder = new DestinationEvent(
            string.Create(CultureInfo.InvariantCulture, $"{_input.DestinationId}:{OnboardingStage.AwaitingApproval}:{status.EnteredAtUtc.Ticks}:reminder:{offset.Ticks}"),
            _input.DestinationId,
            _input.TicketId,
            OnboardingStage.AwaitingApproval,
            detail,
            _context.CurrentUtcDateTime,
            _input.CallbackUrl,
            status.Current.Endpoint,
            null)
        {
            DestinationType = _input.DestinationType.ToString(),
        };
        ILogger logger = _context.CreateReplaySafeLogger<ApprovalReminders>();
        try
        {
            await _context.CallActivityAsync<int>(nameof(PublishDestinationEventActivity), reminder, RetryPolicies.Notify);
            HealthLog.ApprovalReminderSent(logger, _context.InstanceId, _input.DestinationId, offset);
        }
        catch (TaskFailedException ex)
        {
            // A reminder that cannot be delivered does not change the wait.
            HealthLog.ApprovalReminderFailed(logger, _context.InstanceId, _input.DestinationId, offset, ex.FailureDetails.ErrorMessage);
        }

        Next = Schedule();
    }

    /// <summary>Cancels the pending reminder's timer (the wait ended first).</summary>
    public void Cancel()
    {
        if (_timerCts is not null && !Next.IsCompleted)
        {
            _timerCts.Cancel();
        }

        _timerCts?.Dispose();
        _timerCts = null;
    }

    private Task Schedule()
    {
        if (!_offsets.TryDequeue(out TimeSpan offset))
        {
            return Never;
        }

        _pending = offset;
        _timerCts = new CancellationTokenSource();
        return _context.CreateTimer(_deadline - offset, _timerCts.Token);
    }
}
