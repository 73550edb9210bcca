using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StandardWebhooks;

namespace PrivateLink.Onboarding.Notifications;

/// <summary>Calls the ticket system back at the request's <c>callbackUrl</c> with the event as JSON, signed per Standard Webhooks.</summary>
/// <remarks>
/// <para>
/// Headers: <c>webhook-id</c> (the event id, also sent as <c>Idempotency-Key</c>), <c>webhook-timestamp</c> (Unix seconds) and
/// <c>webhook-signature</c>: <c>v1,</c> + base64(HMAC-SHA256(secret, id + "." + timestamp + "." + body)) for each configured secret,
/// space-separated (two while a secret is rotated). The body sent is exactly the bytes signed.
/// </para>
/// <para>
/// The host must be in <see cref="CallbackOptions.AllowedHosts"/> and the address connected to must be public
/// (<see cref="CallbackHttpHandler"/>); redirects are not followed (a 3xx is a refusal). 429 and 5xx are transient (retried by the
/// workflow); any other non-2xx means the receiver refuses the event and is logged, not retried. Network errors are transient; their
/// text goes to the log only, the exception (which the status API shows) says just that the callback could not be delivered.
/// </para>
/// </remarks>
public sealed class CallbackEventSink(
    HttpClient httpClient, IOptionsMonitor<CallbackOptions> options, TimeProvider timeProvider, ILogger<CallbackEventSink> logger) : IDestinationEventSink
{
    /// <inheritdoc/>
    public async Task PublishAsync(DestinationEvent destinationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destinationEvent);
        if (destinationEvent.CallbackUrl is null)
        {
            return;
        }

        CallbackOptions settings = options.CurrentValue;
        CallbackPolicy policy = settings.Policy;
        if (!Uri.TryCreate(destinationEvent.CallbackUrl, UriKind.Absolute, out Uri? url)
            || !policy.IsSchemeAllowed(url.Scheme)
            || !policy.IsHostAllowed(url.Host)
            || !string.IsNullOrEmpty(url.UserInfo))
        {
            Log.CallbackNotAllowed(logger, destinationEvent.DestinationId, url?.Host ?? "?");
            throw new CallbackRefusedException("Callback was not sent: its host is not in the allowed callback hosts.");
        }

        IReadOnlyList<string> secrets = settings.SigningSecrets;
        if (secrets.Count == 0)
        {
            Log.CallbackNotAllowed(logger, destinationEvent.DestinationId, url.Host);
            throw new CallbackRefusedException("Callback was not sent: no callback signing secret is configured.");
        }

        string payload = JsonSerializer.Serialize(destinationEvent with { CallbackUrl = null }, OnboardingJson.Options);
        DateTimeOffset timestamp = DateTimeOffset.FromUnixTimeSeconds(timeProvider.GetUtcNow().ToUnixTimeSeconds());
        string signature = string.Join(' ', secrets.Select(secret => new StandardWebhook(secret).Sign(destinationEvent.EventId, timestamp, payload)));

        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(payload, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), "application/json"),
        };
        request.Headers.Add("Idempotency-Key", destinationEvent.EventId);
        request.Headers.Add("webhook-id", destinationEvent.EventId);
        request.Headers.Add("webhook-timestamp", timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", signature);

        HttpResponseMessage response;
        try
        {
            response = await httpClient.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.InnerException is CallbackRefusedException refused)
        {
            Log.CallbackAddressRefused(logger, destinationEvent.DestinationId, url.Host);
            throw new CallbackRefusedException(refused.Message);
        }
        catch (HttpRequestException ex)
        {
            Log.CallbackFailed(logger, ex, destinationEvent.DestinationId, url.Host, ex.HttpRequestError.ToString());
            throw new TransientNotificationException($"Callback to {url.Host} could not be delivered.");
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.CallbackFailed(logger, ex, destinationEvent.DestinationId, url.Host, "Timeout");
            throw new TransientNotificationException($"Callback to {url.Host} could not be delivered.");
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
            {
                throw new TransientNotificationException(
                    string.Create(CultureInfo.InvariantCulture, $"Callback to {url.Host} answered {(int)response.StatusCode}."));
            }

            if (!response.IsSuccessStatusCode)
            {
                Log.CallbackRefused(logger, destinationEvent.DestinationId, url.Host, (int)response.StatusCode);
            }
        }
    }
}
