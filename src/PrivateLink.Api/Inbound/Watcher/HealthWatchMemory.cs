using PrivateLink.Arm;

namespace PrivateLink.Api.Inbound.Watcher;

/// <summary>
/// What the approval watcher saw of the owned endpoints on its last pass, and when it last swept every finished destination; one
/// per process, kept between passes (the watcher itself is created per pass).
/// </summary>
/// <remarks>
/// In memory on purpose: a new process starts with a sweep, which finds what changed while no process watched. Between sweeps a
/// pass reads a Ready or Degraded destination by id only when the listed connection state of its endpoints changed for the worse
/// (Rejected or Disconnected) or its endpoints vanished from the list since the pass before.
/// </remarks>
public sealed class HealthWatchMemory
{
    private readonly object _gate = new();
    private IReadOnlyDictionary<string, ConnectionStatus> _seen = new Dictionary<string, ConnectionStatus>(StringComparer.Ordinal);
    private DateTimeOffset? _lastSweep;

    /// <summary>Tells whether the next pass sweeps every finished destination: the first pass of the process, then once per interval.</summary>
    /// <param name="now">The pass's time.</param>
    /// <param name="interval">The sweep interval.</param>
    /// <returns>True when a sweep is due.</returns>
    public bool SweepDue(DateTimeOffset now, TimeSpan interval)
    {
        lock (_gate)
        {
            return _lastSweep is not { } last || now - last >= interval;
        }
    }

    /// <summary>Gets each destination's combined connection state as the last pass left it (listed, or kept to be looked at again).</summary>
    /// <returns>The states by destination id.</returns>
    public IReadOnlyDictionary<string, ConnectionStatus> LastSeen()
    {
        lock (_gate)
        {
            return _seen;
        }
    }

    /// <summary>Records what a pass saw.</summary>
    /// <param name="seen">The states to compare the next pass with.</param>
    /// <param name="sweptAt">When the pass swept every finished destination, or null for a pass that did not.</param>
    public void Remember(IReadOnlyDictionary<string, ConnectionStatus> seen, DateTimeOffset? sweptAt)
    {
        ArgumentNullException.ThrowIfNull(seen);
        lock (_gate)
        {
            _seen = seen;
            _lastSweep = sweptAt ?? _lastSweep;
        }
    }
}
