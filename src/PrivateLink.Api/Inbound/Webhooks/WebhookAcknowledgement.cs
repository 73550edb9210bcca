namespace PrivateLink.Api.Inbound.Webhooks;

/// <summary>The 200 answer to a webhook that was accepted without starting anything.</summary>
/// <param name="Status"><c>ignored</c> (the event starts nothing) or <c>duplicate</c> (a redelivery).</param>
/// <param name="Reason">Why.</param>
public sealed record WebhookAcknowledgement(string Status, string Reason);
