using System.Collections.Concurrent;
using PrivateLink.Connectivity;

namespace PrivateLink.TestKit;

/// <summary>A probe that answers from a table: succeeded over TLS 1.3 unless a port is set to fail.</summary>
public sealed class FakeProbe : IConnectivityProbe
{
    private readonly ConcurrentDictionary<int, ProbeStatus> _failures = new();

    public ConcurrentBag<ProbeRequest> Requests { get; } = [];

    public void Fail(int port, ProbeStatus status) => _failures[port] = status;

    public Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        var timings = new ProbeTimings(0, 1, 1, 2);
        ProbeResult result = _failures.TryGetValue(request.Port, out ProbeStatus status)
            ? new ProbeResult(status, request.Port, request.Protocol, "connection refused", null, false, null, timings)
            : new ProbeResult(
                ProbeStatus.Succeeded,
                request.Port,
                request.Protocol,
                "ok",
                new TlsSessionInfo("Tls13", "TLS_AES_256_GCM_SHA384", "CN=localhost", "CN=Test CA", DateTimeOffset.UtcNow.AddDays(90), "AB", false),
                false,
                null,
                timings);
        return Task.FromResult(result);
    }
}
