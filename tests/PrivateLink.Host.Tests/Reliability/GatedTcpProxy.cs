using System.Net;
using System.Net.Sockets;

namespace PrivateLink.Host.Tests.Reliability;

/// <summary>A loopback TCP proxy in front of a destination that holds every connection until the gate opens: a slow probe target.</summary>
/// <remarks>The client's TLS handshake waits on the held connection, so the runner stays in CheckingConnectivity while the gate is shut.</remarks>
internal sealed class GatedTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _acceptLoop;
    private int _held;
    private int _accepted;

    public GatedTcpProxy(int targetPort, bool open)
    {
        _targetPort = targetPort;
        if (open)
        {
            _gate.TrySetResult();
        }

        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>Gets how many connections are waiting at the shut gate now.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>Gets how many connections arrived since start.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    public void Open() => _gate.TrySetResult();

    public void Shut()
    {
        if (_gate.Task.IsCompleted)
        {
            _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopping
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _accepted);
            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                Interlocked.Increment(ref _held);
                try
                {
                    await _gate.Task.WaitAsync(_stop.Token);
                }
                finally
                {
                    Interlocked.Decrement(ref _held);
                }

                using var upstream = new TcpClient();
                await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                NetworkStream a = client.GetStream();
                NetworkStream b = upstream.GetStream();
                Task one = a.CopyToAsync(b, _stop.Token).ContinueWith(_ => upstream.Client.Shutdown(SocketShutdown.Send), TaskScheduler.Default);
                Task two = b.CopyToAsync(a, _stop.Token).ContinueWith(_ => client.Client.Shutdown(SocketShutdown.Send), TaskScheduler.Default);
                await Task.WhenAll(one, two);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                // The prober went away (a killed runner) or the proxy stops: nothing to forward.
            }
        }
    }
}
