using System.Net;
using System.Net.Http.Json;
using Microsoft.DurableTask.Client;
using PrivateLink.Api;
using PrivateLink.Onboarding;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.TestKit;

/// <summary>The one wait-for-stage loop of the tests: on the Durable client (custom status) or through the API (the view).</summary>
public static class Stages
{
    /// <summary>Waits until the instance's custom status shows the stage; fails at once when the workflow ended elsewhere.</summary>
    /// <param name="client">The Durable client.</param>
    /// <param name="instanceId">The orchestration instance.</param>
    /// <param name="stage">The stage to wait for.</param>
    /// <param name="cancellationToken">Bounds the wait.</param>
    /// <returns>The status showing the stage.</returns>
    public static async Task<OnboardingStatus> WaitForStageAsync(this DurableTaskClient client, string instanceId, OnboardingStage stage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        while (true)
        {
            OrchestrationMetadata? metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
            OnboardingStatus? status = metadata?.SerializedCustomStatus is null ? null : metadata.ReadCustomStatusAs<OnboardingStatus>();
            if (status?.Stage == stage)
            {
                return status;
            }

            if (metadata?.IsCompleted == true)
            {
                throw new InvalidOperationException($"The workflow {instanceId} ended at {status?.Stage} before {stage}: {metadata.SerializedOutput}");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>Reads the onboarding through the API until the condition holds.</summary>
    /// <param name="http">A client of the runner with a token that may read.</param>
    /// <param name="destinationId">The destination.</param>
    /// <param name="condition">What to wait for.</param>
    /// <param name="cancellationToken">Bounds the wait.</param>
    /// <returns>The view that satisfied the condition.</returns>
    public static async Task<OnboardingView> WaitForViewAsync(this HttpClient http, string destinationId, Func<OnboardingView, bool> condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(condition);
        OnboardingView? last = null;
        try
        {
            while (true)
            {
                using HttpResponseMessage response = await http.GetAsync(new Uri($"/api/onboardings/{destinationId}", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    last = (await response.Content.ReadFromJsonAsync<OnboardingView>(OnboardingJson.Options, cancellationToken))!;
                    if (condition(last))
                    {
                        return last;
                    }
                }

                await Task.Delay(25, cancellationToken);
            }
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{destinationId} did not get there; last seen at {last?.Stage} ({last?.RuntimeStatus}): {last?.Detail}", ex);
        }
    }

    /// <summary>Reads the onboarding through the API until it shows the stage; a final stage counts once the workflow has also finished publishing it (runtime status Completed).</summary>
    /// <param name="http">A client of the runner with a token that may read.</param>
    /// <param name="destinationId">The destination.</param>
    /// <param name="stage">The stage to wait for.</param>
    /// <param name="cancellationToken">Bounds the wait.</param>
    /// <returns>The view showing the stage.</returns>
    public static Task<OnboardingView> WaitForStageAsync(this HttpClient http, string destinationId, OnboardingStage stage, CancellationToken cancellationToken) =>
        http.WaitForViewAsync(destinationId, v => v.Stage == stage && (!stage.IsTerminal() || v.RuntimeStatus == "Completed"), cancellationToken);

    /// <summary>Polls a condition on a fake's state.</summary>
    /// <param name="condition">What to wait for.</param>
    /// <param name="cancellationToken">Bounds the wait.</param>
    /// <returns>A task that ends when the condition holds.</returns>
    public static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        while (!condition())
        {
            await Task.Delay(20, cancellationToken);
        }
    }
}
