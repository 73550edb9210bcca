using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;

namespace PrivateLink.Onboarding.Notifications;

/// <summary>Calls the ticket system back at the request's <c>callbackUrl</c> with the event as JSON.</summary>
/// <remarks>
/// The event id travels as <c>Idempotency-Key</c> (and <c>webhook-id</c>) so a retried delivery is recognisable.
/// 429 and 5xx are transient (retried by the workflow); any other 4xx means the receiver refuses the event and is logged, not retried.
/// </remarks>
public sealed class CallbackEventSink(HttpClient httpClient, ILogger<CallbackEventSink> logger) : IDestinationEventSink
{
    /// <inheritdoc/>
    public async Task PublishAsync(DestinationEvent destinationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destinationEvent);
        if (destinationEvent.CallbackUrl is null)
        {
            return;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, destinationEvent.CallbackUrl)
        {
            Content = JsonContent.Create(destinationEvent with { CallbackUrl = null }, options: OnboardingJson.Options),
        };
        request.Headers.Add("Idempotency-Key", destinationEvent.EventId);
        request.Headers.Add("webhook-id", destinationEvent.EventId);

        HttpResponseMessage response;
        try
        {
            response = await httpClient.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new TransientNotificationException($"Callback to {request.RequestUri?.Host} failed: {ex.Message}", ex);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
            {
                throw new TransientNotificationException($"Callback to {request.RequestUri?.Host} answered {(int)response.StatusCode}.");
            }

            if (!response.IsSuccessStatusCode)
            {
                Log.CallbackRefused(logger, destinationEvent.DestinationId, request.RequestUri?.Host ?? "?", (int)response.StatusCode);
            }
        }
    }
}
