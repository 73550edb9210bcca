using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Functions.Orchestration;

/// <summary>The workflow's orchestrators as orchestrator functions: one-line shims over the shared classes, named after them.</summary>
/// <remarks>
/// The input is a parameter of its own (no binding attribute): the isolated Durable extension then reads it as that type with its
/// data converter, the same serializer the <c>[DurableClient]</c> client wrote it with.
/// </remarks>
public static class OrchestratorFunctions
{
    /// <summary>Runs <see cref="OnboardDestinationOrchestrator"/>.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <param name="input">The orchestration input.</param>
    /// <returns>The outcome.</returns>
    [Function(nameof(OnboardDestinationOrchestrator))]
    public static Task<OnboardingStatus> OnboardDestination([OrchestrationTrigger] TaskOrchestrationContext context, OnboardDestinationInput input) =>
        new OnboardDestinationOrchestrator().RunAsync(context, Required(context, input));

    /// <summary>Runs <see cref="RecheckDestinationOrchestrator"/>.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <param name="input">The orchestration input.</param>
    /// <returns>The outcome.</returns>
    [Function(nameof(RecheckDestinationOrchestrator))]
    public static Task<OnboardingStatus> RecheckDestination([OrchestrationTrigger] TaskOrchestrationContext context, RecheckInput input) =>
        new RecheckDestinationOrchestrator().RunAsync(context, Required(context, input));

    /// <summary>Runs <see cref="OffboardDestinationOrchestrator"/>.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <param name="input">The orchestration input.</param>
    /// <returns>The outcome.</returns>
    [Function(nameof(OffboardDestinationOrchestrator))]
    public static Task<OnboardingStatus> OffboardDestination([OrchestrationTrigger] TaskOrchestrationContext context, RecheckInput input) =>
        new OffboardDestinationOrchestrator().RunAsync(context, Required(context, input));

    /// <summary>Runs <see cref="HealthCheckDestinationOrchestrator"/>.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <param name="input">The orchestration input.</param>
    /// <returns>The outcome.</returns>
    [Function(nameof(HealthCheckDestinationOrchestrator))]
    public static Task<OnboardingStatus> HealthCheckDestination([OrchestrationTrigger] TaskOrchestrationContext context, RecheckInput input) =>
        new HealthCheckDestinationOrchestrator().RunAsync(context, Required(context, input));

    private static T Required<T>(TaskOrchestrationContext context, T? input)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        return input ?? throw new InvalidOperationException($"Orchestration {context.InstanceId} ({context.Name}) has no {typeof(T).Name} input.");
    }
}
