using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace PrivateLink.Connectivity.Tests.TestSupport;

/// <summary>Builds the object under test and requests.</summary>
internal static class Probes
{
    public static ConnectivityProbe Create(TimeProvider? time = null, ProbeOptions? options = null) =>
        new(Options.Create(options ?? new ProbeOptions()), time ?? TimeProvider.System);

    public static ProbeRequest Request(ProbeProtocol protocol, int port, bool requireTls = true, string? caBundle = null, string? pin = null,
        ProbeTlsMode mode = ProbeTlsMode.Negotiated, string host = "localhost") =>
        new(protocol, host, "127.0.0.1", port, requireTls, caBundle, pin, mode, "dst-test");

    /// <summary>Every test is bounded: a hung probe fails the test instead of hanging the run.</summary>
    public static CancellationToken Bounded() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    /// <summary>Asserts the status and shows the probe's reason when it differs.</summary>
    public static void AssertStatus(ProbeStatus expected, ProbeResult result)
    {
        if (result.Status != expected)
        {
            Assert.Fail($"expected {expected}, got {result.Status}: {result.Detail}");
        }
    }

    public static FakeTimeProvider FakeTime() => new(DateTimeOffset.UtcNow);
}
