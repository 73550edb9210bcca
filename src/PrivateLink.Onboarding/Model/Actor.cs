namespace PrivateLink.Onboarding.Model;

/// <summary>Who asked for a command: an operator, a service principal or the service itself.</summary>
/// <remarks>Recorded on the timeline, in destination events and in logs. Identifiers only; never a token.</remarks>
/// <param name="ObjectId">The caller's Entra object id (<c>oid</c>), or a fixed name for the service's own actors (<c>system:watcher</c>).</param>
/// <param name="AppId">The client application id (<c>azp</c>/<c>appid</c>), if any.</param>
/// <param name="DisplayName">A readable name (<c>name</c> or <c>preferred_username</c>), if any.</param>
public sealed record Actor(string ObjectId, string? AppId = null, string? DisplayName = null);
