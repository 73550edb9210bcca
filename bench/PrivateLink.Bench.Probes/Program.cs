// Compares the in-process TLS probe with `openssl s_client -starttls postgres|mysql` against the same local servers.
// Reads PG_TLS_PORT, MARIADB_TLS_PORT and PL_TEST_CERT_DIR (written by scripts/services/*.sh); run through bench/probes.sh.
// Usage: PrivateLink.Bench.Probes [iterations]   (default 200 probe runs and 60 openssl runs per server)
//        PrivateLink.Bench.Probes mongodb [iterations]   (the MongoDB probe against an in-process OP_MSG listener; needs no server)
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using PrivateLink.Bench.Probes;
using PrivateLink.Connectivity;

if (args.Length > 0 && args[0] == "mongodb")
{
    await MongoDbBench.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200);
    return;
}

int iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
int processIterations = Math.Max(10, iterations * 3 / 10);
string certDir = Required("PL_TEST_CERT_DIR");
string caFile = Path.Combine(certDir, "ca.crt");
string caPem = File.ReadAllText(caFile);
ConnectivityProbe probe = new(Options.Create(new ProbeOptions()), TimeProvider.System);

Console.WriteLine($"probe runs per server: {iterations}; openssl runs per server: {processIterations}; cores: {Environment.ProcessorCount}");
Console.WriteLine();
Console.WriteLine("server     | probe full run | probe handshake | openssl process | openssl baseline | openssl net | probe/openssl-process | probe/openssl-net");
Console.WriteLine("-----------|----------------|-----------------|-----------------|------------------|-------------|-----------------------|------------------");
foreach ((string name, ProbeProtocol protocol, string portVariable, string starttls) in new[]
{
    ("postgres", ProbeProtocol.PostgreSql, "PG_TLS_PORT", "postgres"),
    ("mariadb", ProbeProtocol.MySql, "MARIADB_TLS_PORT", "mysql"),
})
{
    int port = int.Parse(Required(portVariable), CultureInfo.InvariantCulture);
    ProbeRequest request = new(protocol, "localhost", "127.0.0.1", port, RequireTls: true, TrustedCaBundlePem: caPem);

    // In-process: the whole probe (connect, negotiation, handshake with validation), and the handshake phase alone.
    List<double> full = [];
    List<double> handshake = [];
    for (int i = -10; i < iterations; i++)
    {
        long start = Stopwatch.GetTimestamp();
        ProbeResult result = await probe.ProbeAsync(request, CancellationToken.None);
        double elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"probe of {name} failed: {result.Status} {result.Detail}");
        }

        if (i >= 0)
        {
            full.Add(elapsed);
            handshake.Add(result.Timings.HandshakeMs);
        }
    }

    // openssl: one process per check, as a script would run it; verification on, so it does the same work.
    string[] check = ["s_client", "-starttls", starttls, "-connect", $"127.0.0.1:{port}", "-servername", "localhost",
        "-verify_hostname", "localhost", "-CAfile", caFile, "-verify_return_error", "-brief"];

    // Baseline: the same process start, library and CA load, ended by a refused connect (port 1 on loopback): no handshake.
    string[] baseline = ["s_client", "-starttls", starttls, "-connect", "127.0.0.1:1", "-CAfile", caFile, "-brief"];
    // Interleaved (check, baseline, check, …) so machine noise hits both alike.
    List<double> process = [];
    List<double> baselineTimes = [];
    for (int i = -3; i < processIterations; i++)
    {
        double withHandshake = await Measure.TimeProcessAsync(check, expectSuccess: true);
        double withoutHandshake = await Measure.TimeProcessAsync(baseline, expectSuccess: false);
        if (i >= 0)
        {
            process.Add(withHandshake);
            baselineTimes.Add(withoutHandshake);
        }
    }

    double probeFull = Measure.Median(full);
    double opensslProcess = Measure.Median(process);
    double opensslBaseline = Measure.Median(baselineTimes);
    double opensslNet = Math.Max(0.001, opensslProcess - opensslBaseline);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-10} | {probeFull,11:F2} ms | {Measure.Median(handshake),12:F2} ms | {opensslProcess,12:F2} ms | {opensslBaseline,13:F2} ms | {opensslNet,8:F2} ms | {probeFull / opensslProcess,21:F3} | {probeFull / opensslNet,16:F2}"));
}

// openssl's own handshake cost without process start: `openssl s_time -new` loops full handshakes in one process (no STARTTLS
// support, so against nginx's direct TLS with the same kind of certificate), compared with the probe's handshake phase there.
if (Environment.GetEnvironmentVariable("NGINX_TLS_PORT") is { Length: > 0 } nginxPort)
{
    ProbeRequest https = new(ProbeProtocol.Https, "localhost", "127.0.0.1", int.Parse(nginxPort, CultureInfo.InvariantCulture), TrustedCaBundlePem: caPem);
    List<double> handshakes = [];
    for (int i = -10; i < iterations; i++)
    {
        ProbeResult result = await probe.ProbeAsync(https, CancellationToken.None);
        if (i >= 0)
        {
            handshakes.Add(result.Succeeded ? result.Timings.HandshakeMs : throw new InvalidOperationException(result.Detail));
        }
    }

    ProcessStartInfo sTime = new("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (string argument in new[] { "s_time", "-connect", $"127.0.0.1:{nginxPort}", "-new", "-time", "5", "-CAfile", caFile })
    {
        sTime.ArgumentList.Add(argument);
    }

    long started = Stopwatch.GetTimestamp();
    using Process timer = Process.Start(sTime)!;
    string report = await timer.StandardOutput.ReadToEndAsync();
    await timer.WaitForExitAsync();
    double wallMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    System.Text.RegularExpressions.Match count = System.Text.RegularExpressions.Regex.Match(report, @"(\d+) connections in [\d.]+s");
    double perHandshake = wallMs / int.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture);
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"nginx (TLS first): probe handshake median {Measure.Median(handshakes):F2} ms; openssl s_time -new {perHandshake:F2} ms per full handshake (wall time / connections); ratio {Measure.Median(handshakes) / perHandshake:F2}"));
}

Console.WriteLine();
Console.WriteLine("Medians. 'openssl net' = s_client with a handshake minus s_client that only starts, loads the CA and is refused:");
Console.WriteLine("the fair comparison for an in-process probe is probe/openssl-net; probe/openssl-process includes process start-up.");

static string Required(string name) =>
    Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException($"{name} is not set: run bench/probes.sh, which starts the servers and exports it.");
