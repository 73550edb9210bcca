namespace PrivateLink.Onboarding.Notifications;

/// <summary>A callback was not sent because its destination is not allowed (host not in the allowlist, scheme, or address refused at connect time).</summary>
/// <remarks>Not transient: the workflow does not retry it. The message is generic on purpose; it ends up in the status the API shows.</remarks>
public sealed class CallbackRefusedException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="CallbackRefusedException"/> class.</summary>
    /// <param name="message">A message safe to show to the requester.</param>
    public CallbackRefusedException(string message)
        : base(message)
    {
    }
}
