using System.Net;
using System.Net.Sockets;

namespace PrivateLink.Connectivity.Tests.TestSupport;

/// <summary>A TCP listener on 127.0.0.1, port 0, that hands each accepted connection to a handler (hostile peers, TDS).</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Task acceptLoop;
    private readonly List<Task> handlers = [];

    public LoopbackServer(Func<NetworkStream, CancellationToken, Task> handler)
    {
        listener.Start();
        acceptLoop = AcceptAsync(handler);
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Gets a task that completes when the first connection has been accepted.</summary>
    public TaskCompletionSource Accepted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Reads and discards until the client closes.</summary>
    public static async Task ReadUntilClosedAsync(Stream stream, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[4096];
        while (await stream.ReadAsync(buffer, cancellationToken) > 0)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await acceptLoop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        Task[] running;
        lock (handlers)
        {
            running = [.. handlers];
        }

        await Task.WhenAll(running.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        stop.Dispose();
    }

    private async Task AcceptAsync(Func<NetworkStream, CancellationToken, Task> handler)
    {
        while (!stop.IsCancellationRequested)
        {
            Socket socket = await listener.AcceptSocketAsync(stop.Token);
            Accepted.TrySetResult();
            Task task = Task.Run(async () =>
            {
                using Socket s = socket;
                await using NetworkStream stream = new(s, ownsSocket: false);
                try
                {
                    await handler(stream, stop.Token);
                }
                catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
                {
                    // Hostile peers and aborted handshakes end this way; the probe's result is what the test checks.
                }
            });
            lock (handlers)
            {
                handlers.Add(task);
            }
        }
    }
}
