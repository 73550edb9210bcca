namespace PrivateLink.Onboarding.Service;

/// <summary>What a submission did.</summary>
public enum SubmitOutcome
{
    /// <summary>A new workflow was started (HTTP 202).</summary>
    Started,

    /// <summary>The same request is already running or done (HTTP 200); nothing new was started.</summary>
    AlreadyExists,

    /// <summary>A different request for the destination is running, or the destination is onboarded with another request (HTTP 409).</summary>
    Conflict,
}
