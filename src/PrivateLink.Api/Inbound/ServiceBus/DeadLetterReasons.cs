namespace PrivateLink.Api.Inbound.ServiceBus;

/// <summary>The <c>DeadLetterReason</c> codes the intake sets; <c>DeadLetterErrorDescription</c> says what exactly is wrong.</summary>
public static class DeadLetterReasons
{
    /// <summary>The subject is neither <c>onboarding.requested</c> nor <c>onboarding.cancel</c>.</summary>
    public const string UnsupportedSubject = "UnsupportedSubject";

    /// <summary>The content type is set and is not <c>application/json</c>.</summary>
    public const string UnsupportedContentType = "UnsupportedContentType";

    /// <summary>The body is larger than the HTTP API accepts.</summary>
    public const string TooLarge = "TooLarge";

    /// <summary>The body is not JSON, has an unknown field, or a value of the wrong type.</summary>
    public const string MalformedJson = "MalformedJson";

    /// <summary>The request breaks the contract (the description lists every bad field).</summary>
    public const string ValidationFailed = "ValidationFailed";

    /// <summary>A different request for the destination is running or onboarded.</summary>
    public const string Conflict = "Conflict";

    /// <summary>A cancel names a destination that has no onboarding.</summary>
    public const string NotFound = "NotFound";
}
