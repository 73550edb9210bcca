namespace PrivateLink.Onboarding.Service;

/// <summary>What an operator command (approval notification, cancel, offboard, re-check) did.</summary>
public enum CommandOutcome
{
    /// <summary>Accepted (HTTP 202).</summary>
    Accepted,

    /// <summary>No such destination (HTTP 404).</summary>
    NotFound,

    /// <summary>The destination is not in a stage where the command applies (HTTP 409).</summary>
    Conflict,
}
