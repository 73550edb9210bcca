namespace PrivateLink.Api.Inbound.Webhooks;

/// <summary>The result of checking a webhook's signature headers.</summary>
public enum SignatureCheck
{
    /// <summary>The signature matches and the timestamp is within the tolerance.</summary>
    Valid,

    /// <summary>No signing secret is configured for the endpoint.</summary>
    NotConfigured,

    /// <summary>A required header is missing or empty.</summary>
    MissingHeaders,

    /// <summary>The timestamp is malformed or outside the tolerance.</summary>
    StaleTimestamp,

    /// <summary>No signature matches the body.</summary>
    InvalidSignature,
}
