using Microsoft.DurableTask;
using PrivateLink.Arm;
using PrivateLink.Onboarding.Notifications;

namespace PrivateLink.Onboarding.Orchestration;

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
