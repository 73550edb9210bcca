namespace PrivateLink.Api.Inbound.Watcher;

/// <summary>What one pass of the approval watcher did.</summary>
/// <param name="OwnedEndpoints">Endpoints this service owns, as listed from ARM (one paged call).</param>
/// <param name="WaitingOnboardings">Onboardings waiting for approval in the task hub.</param>
/// <param name="EventsRaised">Waiting onboardings told that their connection state changed.</param>
/// <param name="ReadyDisconnected">Ready or Degraded destinations whose connection was rejected or removed: a health check was started so their stage shows it.</param>
/// <param name="EndpointsNotListed">Ready or Degraded destinations whose endpoint the list no longer holds: a health check was started.</param>
/// <param name="Reprobes">Ready or Degraded destinations whose re-probe was due: a health check was started.</param>
/// <param name="HealthSweep">Whether the pass read every finished destination (the first pass, then every <see cref="HealthWatchOptions.SweepInterval"/>).</param>
/// <param name="ChangedDestinationsRead">Destinations read by id because their listed connection turned Rejected or Disconnected or their endpoint vanished since the last pass.</param>
public sealed record ApprovalWatcherPass(
    int OwnedEndpoints, int WaitingOnboardings, int EventsRaised, int ReadyDisconnected, int EndpointsNotListed = 0, int Reprobes = 0, bool HealthSweep = false, int ChangedDestinationsRead = 0);
