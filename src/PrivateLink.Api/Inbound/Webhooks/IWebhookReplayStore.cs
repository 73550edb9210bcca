namespace PrivateLink.Api.Inbound.Webhooks;

/// <summary>Remembers webhook deliveries so that each is processed once, across every instance of the app.</summary>
public interface IWebhookReplayStore
{
    /// <summary>Records a delivery unless it was recorded before.</summary>
    /// <param name="scope">The webhook (<c>generic</c>, <c>zendesk</c>, <c>jira</c>).</param>
    /// <param name="deliveryKey">The delivery's identity within the scope (an id, or a timestamp and signature).</param>
    /// <param name="expiresAt">When the record may be forgotten (after it, the timestamp check rejects the delivery anyway).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when this is the first time; false for a replay.</returns>
    Task<bool> TryRecordAsync(string scope, string deliveryKey, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Forgets a delivery, so that the sender's retry is processed after a transient failure.</summary>
    /// <param name="scope">The webhook.</param>
    /// <param name="deliveryKey">The delivery's identity within the scope.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the record is gone.</returns>
    Task ForgetAsync(string scope, string deliveryKey, CancellationToken cancellationToken);
}
