using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace PrivateLink.Bench.Engine;

/// <summary>
/// A TCP proxy in front of Azurite's blob, queue and table ports that counts every HTTP request by service, operation and the
/// task hub it names (queue, table and container names start with the hub name), so a run's storage requests can be divided
/// by its orchestrations. Bytes are passed through unchanged (shared-key signatures stay valid); only request heads are read.
/// </summary>
internal sealed class StorageCountingProxy : IAsyncDisposable
{
    private const string Unattributed = "*";
    private readonly List<TcpListener> _listeners = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<(string Hub, string Operation), long> _counts = new();
    private readonly List<Task> _loops = [];

    private StorageCountingProxy()
    {
    }

    /// <summary>Gets the connection string that sends the storage clients through the proxy.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>Starts one listener per endpoint of <paramref name="azuriteConnectionString"/>.</summary>
    public static StorageCountingProxy Start(string azuriteConnectionString)
    {
        var proxy = new StorageCountingProxy();
        string rewritten = azuriteConnectionString;
        foreach (string key in new[] { "BlobEndpoint", "QueueEndpoint", "TableEndpoint" })
        {
            Match m = Regex.Match(azuriteConnectionString, key + @"=http://127\.0\.0\.1:(\d+)/");
            if (!m.Success)
            {
                throw new ArgumentException($"{key} with a loopback http address is missing from the connection string.", nameof(azuriteConnectionString));
            }

            int target = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start(512);
            proxy._listeners.Add(listener);
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            string service = key[..^"Endpoint".Length].ToLowerInvariant();
            proxy._loops.Add(Task.Run(() => proxy.AcceptLoopAsync(listener, service, target)));
            rewritten = rewritten.Replace(m.Value, $"{key}=http://127.0.0.1:{port}/", StringComparison.Ordinal);
        }

        proxy.ConnectionString = rewritten;
        return proxy;
    }

    /// <summary>
    /// Gets the requests counted so far for task hubs whose name starts with <paramref name="hubPrefix"/>, by operation, with the
    /// requests whose URL names no table (entity group transactions: <c>$batch</c>, the history appends), which belong to whichever
    /// run is active: the benchmark runs one task hub at a time.
    /// </summary>
    public IReadOnlyDictionary<string, long> Snapshot(string hubPrefix) =>
        _counts.Where(kv => kv.Key.Hub == Unattributed || kv.Key.Hub.StartsWith(hubPrefix, StringComparison.OrdinalIgnoreCase))
            .GroupBy(kv => kv.Key.Operation)
            .ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value));

    /// <summary>
    /// Gets the CPU time Azurite's process has used so far (user + system, from <c>/proc/{pid}/stat</c> of the process
    /// <c>scripts/services/azurite.sh</c> started), or null when it cannot be read. Azurite answers every request on one Node.js
    /// thread, so its share of one core tells whether a run was bound by the emulator rather than by the workers.
    /// </summary>
    public static TimeSpan? AzuriteCpu()
    {
        string? state = Environment.GetEnvironmentVariable("PL_STATE_DIR");
        string pidFile = Path.Combine(state ?? string.Empty, "azurite", "pid");
        if (state is null || !File.Exists(pidFile))
        {
            return null;
        }

        string stat = File.ReadAllText($"/proc/{File.ReadAllText(pidFile).Trim()}/stat");

        // Fields after the parenthesised command name: state is field 3, utime 14 and stime 15, in clock ticks (100 per second).
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    /// <summary>Describes Azurite's CPU between two readings of <see cref="AzuriteCpu"/> over a run.</summary>
    public static string DescribeAzuriteCpu(TimeSpan? before, TimeSpan elapsed, long requests)
    {
        if (before is null || AzuriteCpu() is not { } after || elapsed <= TimeSpan.Zero)
        {
            return "Azurite CPU not read";
        }

        TimeSpan used = after - before.Value;
        return string.Create(CultureInfo.InvariantCulture, $"Azurite CPU {used.TotalSeconds:F1} s in {elapsed.TotalSeconds:F1} s ({100 * used / elapsed:F0} % of its one thread), {(requests > 0 ? used.TotalMilliseconds / requests : double.NaN):F2} ms per request counted");
    }

    /// <summary>
    /// Runs one measured run on the task hubs named <paramref name="hubPrefix"/>…, and returns its result with the storage requests
    /// per orchestration, the line that breaks them down by operation, and the line with Azurite's CPU over the run.
    /// </summary>
    public async Task<CountedRun> MeasureAsync(string hubPrefix, int orchestrations, Func<Task<RunResult>> run)
    {
        IReadOnlyDictionary<string, long> before = Snapshot(hubPrefix);
        TimeSpan? azuriteBefore = AzuriteCpu();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        RunResult result = await run();
        IReadOnlyDictionary<string, long> after = Snapshot(hubPrefix);
        long requests = after.Values.Sum() - before.Values.Sum();
        double perOrchestration = requests / (double)orchestrations;
        return new CountedRun(
            result with { StoragePerOrchestration = perOrchestration },
            string.Create(CultureInfo.InvariantCulture, $"{result.Name}: storage requests per orchestration {perOrchestration:F1} ({Describe(before, after, orchestrations)})"),
            $"{result.Name}: {DescribeAzuriteCpu(azuriteBefore, clock.Elapsed, requests)}");
    }

    /// <summary>Gets the total requests counted for task hubs whose name starts with <paramref name="hubPrefix"/>.</summary>
    public long Total(string hubPrefix) => Snapshot(hubPrefix).Values.Sum();

    /// <summary>Formats the difference between two snapshots, largest first.</summary>
    public static string Describe(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after, double divisor) =>
        string.Join(", ", after
            .Select(kv => (kv.Key, Count: kv.Value - before.GetValueOrDefault(kv.Key)))
            .Where(x => x.Count > 0)
            .OrderByDescending(x => x.Count)
            .Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Key} {x.Count / divisor:F1}")));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (TcpListener listener in _listeners)
        {
            listener.Stop();
        }

        foreach (Task loop in _loops)
        {
            try
            {
                await loop;
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The listener was stopped.
            }
        }

        _stop.Dispose();
    }

    private static string Classify(string service, string method, string path, out string hub)
    {
        // Path: /devstoreaccount1/{resource}[/...][?query]
        int q = path.IndexOf('?', StringComparison.Ordinal);
        string query = q >= 0 ? path[(q + 1)..] : string.Empty;
        string[] parts = (q >= 0 ? path[..q] : path).Split('/', StringSplitOptions.RemoveEmptyEntries);
        string resource = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty;
        switch (service)
        {
            case "queue":
                hub = HubOfQueueOrContainer(resource);
                bool messages = parts.Length > 2 && parts[2] == "messages";
                return (method, messages, parts.Length > 3) switch
                {
                    ("GET", true, _) when query.Contains("peekonly=true", StringComparison.OrdinalIgnoreCase) => "queue peek",
                    ("GET", true, _) => "queue dequeue",
                    ("POST", true, _) => "queue enqueue",
                    ("DELETE", true, true) => "queue delete message",
                    ("PUT", true, true) => "queue update message",
                    _ => $"queue {method.ToLowerInvariant()} {(messages ? "messages" : "queue")}",
                };
            case "table":
                int paren = resource.IndexOf('(', StringComparison.Ordinal);
                string table = paren >= 0 ? resource[..paren] : resource;
                hub = table is "$batch" or "Tables" ? Unattributed : HubOfTable(table);
                string kind = table switch
                {
                    _ when table.EndsWith("History", StringComparison.Ordinal) => "history",
                    _ when table.EndsWith("Instances", StringComparison.Ordinal) => "instances",
                    _ when table.EndsWith("Partitions", StringComparison.Ordinal) => "partitions",
                    "$batch" => "batch",
                    _ => "table",
                };
                return method == "GET" ? $"table {kind} query" : $"table {kind} {method.ToLowerInvariant()}";
            default:
                hub = HubOfQueueOrContainer(resource);
                string what = resource.EndsWith("-leases", StringComparison.Ordinal) || resource.EndsWith("-applease", StringComparison.Ordinal) ? "lease blob" : "blob";
                return $"{what} {method.ToLowerInvariant()}";
        }
    }

    // Queues: {hub}-control-NN, {hub}-workitems; containers: {hub}-leases, {hub}-applease, {hub}-largemessages.
    private static string HubOfQueueOrContainer(string name)
    {
        int dash = name.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 ? name[..dash] : name;
    }

    // Tables: {hub}History, {hub}Instances, {hub}Partitions.
    private static string HubOfTable(string name)
    {
        foreach (string suffix in new[] { "History", "Instances", "Partitions" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return name[..^suffix.Length];
            }
        }

        return name;
    }

    private async Task AcceptLoopAsync(TcpListener listener, string service, int targetPort)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client = await listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client, service, targetPort));
        }
    }

    private async Task ServeAsync(TcpClient client, string service, int targetPort)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            client.NoDelay = true;
            upstream.NoDelay = true;
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, targetPort, _stop.Token);
                NetworkStream down = client.GetStream();
                NetworkStream up = upstream.GetStream();
                Task responses = up.CopyToAsync(down, _stop.Token);
                await PumpRequestsAsync(down, up, service);
                client.Client.Shutdown(SocketShutdown.Receive);
                upstream.Client.Shutdown(SocketShutdown.Send);
                await responses;
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // A connection closed by either side ends its pump; the storage client retries on its own.
            }
        }
    }

    /// <summary>Copies requests from the client to Azurite, counting each request head (request line + headers, then Content-Length bytes).</summary>
    private async Task PumpRequestsAsync(Stream from, Stream to, string service)
    {
        byte[] buffer = new byte[64 * 1024];
        int filled = 0;
        while (true)
        {
            int headEnd = IndexOfHeadEnd(buffer, filled);
            while (headEnd < 0)
            {
                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                int read = await from.ReadAsync(buffer.AsMemory(filled), _stop.Token);
                if (read == 0)
                {
                    if (filled > 0)
                    {
                        await to.WriteAsync(buffer.AsMemory(0, filled), _stop.Token);
                    }

                    return;
                }

                filled += read;
                headEnd = IndexOfHeadEnd(buffer, filled);
            }

            string head = Encoding.ASCII.GetString(buffer, 0, headEnd);
            string[] lines = head.Split("\r\n");
            string[] requestLine = lines[0].Split(' ');
            long length = 0;
            foreach (string line in lines.Skip(1))
            {
                if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                {
                    length = long.Parse(line["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase))
                {
                    throw new NotSupportedException("chunked request bodies are not counted by this proxy");
                }
            }

            if (requestLine.Length >= 2)
            {
                string operation = Classify(service, requestLine[0], requestLine[1], out string hub);
                _counts.AddOrUpdate((hub, operation), 1, (_, n) => n + 1);
            }

            // Forward the head and the body (part of which may already be buffered).
            long total = headEnd + length;
            int inBuffer = (int)Math.Min(total, filled);
            await to.WriteAsync(buffer.AsMemory(0, inBuffer), _stop.Token);
            long remaining = total - inBuffer;
            while (remaining > 0)
            {
                int read = await from.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), _stop.Token);
                if (read == 0)
                {
                    return;
                }

                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                remaining -= read;
            }

            // Keep what followed this request (the start of the next one, if the client pipelined).
            int leftover = filled - inBuffer;
            Buffer.BlockCopy(buffer, inBuffer, buffer, 0, leftover);
            filled = leftover;
        }
    }

    private static int IndexOfHeadEnd(byte[] buffer, int count)
    {
        int at = buffer.AsSpan(0, count).IndexOf("\r\n\r\n"u8);
        return at < 0 ? -1 : at + 4;
    }
}

/// <summary>A run measured by <see cref="StorageCountingProxy.MeasureAsync"/>: its result and the two lines that describe its storage use.</summary>
internal sealed record CountedRun(RunResult Result, string Requests, string AzuriteCpu);
