namespace PrivateLink.Api.Watcher;

/// <summary>What one pass of the approval watcher did.</summary>
/// <param name="OwnedEndpoints">Endpoints this service owns, as listed from ARM (one paged call).</param>
/// <param name="WaitingOnboardings">Onboardings waiting for approval in the task hub.</param>
/// <param name="EventsRaised">Waiting onboardings told that their connection state changed.</param>
/// <param name="ReadyDisconnected">Ready destinations whose connection was rejected or removed, re-checked so their stage shows it.</param>
public sealed record ApprovalWatcherPass(int OwnedEndpoints, int WaitingOnboardings, int EventsRaised, int ReadyDisconnected);
