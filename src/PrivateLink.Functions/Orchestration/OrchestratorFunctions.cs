using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Functions.Orchestration;

/// <summary>The workflow's orchestrators as orchestrator functions: one-line shims over the shared classes, named after them.</summary>
public static class OrchestratorFunctions
{
    /// <summary>Runs <see cref="OnboardDestinationOrchestrator"/>.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <returns>The outcome.</returns>
    [Function(nameof(OnboardDestinationOrchestrator))]
    public static Task<OnboardingOutcome> OnboardDestination([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new OnboardDestinationOrchestrator().RunAsync(context, Input<OnboardDestinationInput>(context));

    /// <summary>Runs <see cref="RecheckDestinationOrchestrator"/>.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <returns>The outcome.</returns>
    [Function(nameof(RecheckDestinationOrchestrator))]
    public static Task<OnboardingOutcome> RecheckDestination([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new RecheckDestinationOrchestrator().RunAsync(context, Input<RecheckInput>(context));

    /// <summary>Runs <see cref="OffboardDestinationOrchestrator"/>.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <returns>The outcome.</returns>
    [Function(nameof(OffboardDestinationOrchestrator))]
    public static Task<OnboardingOutcome> OffboardDestination([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new OffboardDestinationOrchestrator().RunAsync(context, Input<RecheckInput>(context));

    private static T Input<T>(TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetInput<T>() ?? throw new InvalidOperationException($"Orchestration {context.InstanceId} ({context.Name}) has no {typeof(T).Name} input.");
    }
}
