using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Onboarding.Tests.Support;

/// <summary>Short durable waits for tests on the in-memory engine (its timers run on the wall clock).</summary>
internal static class WorkflowTestLimits
{
    public static WorkflowLimits Fast { get; } = new(
        FirstPollDelay: TimeSpan.FromMilliseconds(50),
        MaxPollDelay: TimeSpan.FromMilliseconds(200),
        OperationTimeout: TimeSpan.FromSeconds(20),
        MaxTransientRetries: 4,
        FirstRetryDelay: TimeSpan.FromMilliseconds(50),
        AddressTimeout: TimeSpan.FromSeconds(3));
}
