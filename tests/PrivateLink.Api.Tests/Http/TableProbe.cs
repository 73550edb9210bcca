using System.Collections.Concurrent;
using PrivateLink.Connectivity;

namespace PrivateLink.Api.Tests.Http;

/// <summary>A probe answering from a table: TLS 1.3 success unless a port is set to fail.</summary>
internal sealed class TableProbe : IConnectivityProbe
{
    private readonly ConcurrentDictionary<int, ProbeStatus> _failures = new();

    public void Fail(int port, ProbeStatus status) => _failures[port] = status;

    public Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        var timings = new ProbeTimings(0, 1, 1, 2);
        return Task.FromResult(_failures.TryGetValue(request.Port, out ProbeStatus status)
            ? new ProbeResult(status, request.Port, request.Protocol, "connection refused", null, false, null, timings)
            : new ProbeResult(ProbeStatus.Succeeded, request.Port, request.Protocol, "ok", new TlsSessionInfo("Tls13", "TLS_AES_128_GCM_SHA256", "CN=lake1", "CN=CA", DateTimeOffset.UtcNow.AddDays(60), "00", false), false, null, timings));
    }
}
