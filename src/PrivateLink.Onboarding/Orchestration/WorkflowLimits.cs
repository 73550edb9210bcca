using Microsoft.DurableTask;
using PrivateLink.Arm;
using PrivateLink.Onboarding.Notifications;

namespace PrivateLink.Onboarding.Orchestration;

/// <summary>The bounds of the workflow's durable waits on ARM: operation polling, transient retries, and the wait for addresses.</summary>
/// <remarks>
/// Every wait is a durable timer in the orchestrator, never a sleep in an activity: an 8-minute Cosmos DB create runs under the
/// Functions 10-minute activity limit and survives a restart. Carried in the orchestration input (null: <see cref="Default"/>), so a
/// replay always sees the values its first run saw.
/// </remarks>
/// <param name="FirstPollDelay">The wait before the first poll of an operation; doubled after each poll up to <paramref name="MaxPollDelay"/>.</param>
/// <param name="MaxPollDelay">The longest wait between polls when ARM sends no Retry-After (real Network polls never do).</param>
/// <param name="OperationTimeout">How long one create or delete may run, re-PUTs included, before the workflow gives up.</param>
/// <param name="MaxTransientRetries">How many times a create or delete is sent again after a transient failure (409, <c>RetryableError</c>, …).</param>
/// <param name="FirstRetryDelay">The wait before the first re-PUT/re-DELETE when ARM sent no Retry-After; doubled per retry up to <paramref name="MaxPollDelay"/>.</param>
/// <param name="AddressTimeout">How long after approval the endpoint is re-read until its private IP is known.</param>
public sealed record WorkflowLimits(
    TimeSpan FirstPollDelay,
    TimeSpan MaxPollDelay,
    TimeSpan OperationTimeout,
    int MaxTransientRetries,
    TimeSpan FirstRetryDelay,
    TimeSpan AddressTimeout)
{
    /// <summary>The longest Retry-After honoured; a longer one is cut to this.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(5);

    /// <summary>Gets the production bounds: polls from 2 s doubling to 30 s, 30 minutes per operation, 8 re-sends, 10 minutes for addresses.</summary>
    public static WorkflowLimits Default { get; } = new(
        TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(30), 8, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10));

    /// <summary>Gets the wait before poll number <paramref name="poll"/> (0-based), Retry-After first.</summary>
    /// <param name="poll">The poll number.</param>
    /// <param name="retryAfter">ARM's Retry-After, when it sent one.</param>
    /// <returns>The wait.</returns>
    public TimeSpan PollDelay(int poll, TimeSpan? retryAfter) =>
        retryAfter is { } asked && asked > TimeSpan.Zero ? Min(asked, MaxRetryAfter) : Backoff(FirstPollDelay, poll);

    /// <summary>Gets the wait before re-send number <paramref name="retry"/> (0-based), Retry-After first.</summary>
    /// <param name="retry">The retry number.</param>
    /// <param name="retryAfter">ARM's Retry-After, when it sent one.</param>
    /// <returns>The wait.</returns>
    public TimeSpan RetryDelay(int retry, TimeSpan? retryAfter) =>
        retryAfter is { } asked && asked > TimeSpan.Zero ? Min(asked, MaxRetryAfter) : Backoff(FirstRetryDelay, retry);

    private TimeSpan Backoff(TimeSpan first, int step) =>
        Min(TimeSpan.FromTicks(first.Ticks * (1L << Math.Min(step, 20))), MaxPollDelay);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}

/// <summary>The retry policies of the workflow's activity calls, declared once; each retries transient causes only.</summary>
public static class RetryPolicies
{
    /// <summary>Gets the policy for ARM calls: 5 attempts, 5 s doubling to at most 2 minutes, only for <see cref="ArmTransientException"/>.</summary>
    /// <remarks>The adapter already retries each HTTP call honouring Retry-After; this outer, durable retry covers longer throttling windows.</remarks>
    public static TaskOptions Arm { get; } = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 5,
        firstRetryInterval: TimeSpan.FromSeconds(5),
        backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromMinutes(2))
    {
        HandleFailure = failure => failure.IsCausedBy<ArmTransientException>(),
    });

    /// <summary>Gets the policy for notifications: 6 attempts, 10 s doubling to at most 5 minutes, only for <see cref="TransientNotificationException"/>.</summary>
    public static TaskOptions Notify { get; } = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 6,
        firstRetryInterval: TimeSpan.FromSeconds(10),
        backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromMinutes(5))
    {
        HandleFailure = failure => failure.IsCausedBy<TransientNotificationException>(),
    });
}
