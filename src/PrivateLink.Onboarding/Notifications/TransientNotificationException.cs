namespace PrivateLink.Onboarding.Notifications;

/// <summary>A receiver of destination events failed in a way worth retrying (network error, 429, 5xx).</summary>
public sealed class TransientNotificationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="TransientNotificationException"/> class.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public TransientNotificationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
