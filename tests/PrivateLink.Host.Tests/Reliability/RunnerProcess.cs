using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using PrivateLink.TestIdentity;

namespace PrivateLink.Host.Tests.Reliability;

/// <summary>The runner as a child process (<c>dotnet PrivateLink.Host.dll</c> from the Host build output), configured by environment variables.</summary>
internal sealed class RunnerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RunnerProcess(Process process, string name, Uri baseAddress)
    {
        _process = process;
        Name = name;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Name { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public int Id => _process.Id;

    /// <summary>Gets everything the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static string HostDll => ProductBuild.Dll("PrivateLink.Host");

    /// <summary>Starts the runner and waits until /healthz answers.</summary>
    public static async Task<RunnerProcess> StartAsync(string name, IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        int port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(HostDll)!,
        };
        info.ArgumentList.Add(HostDll);
        foreach ((string key, string? value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        // Development: the tests point the runner at the ARM emulator (trusted thumbprint, emulator credential), refused elsewhere.
        // The OpenID provider's CA is the child's only trusted root (SSL_CERT_FILE), so its metadata and JWKS are fetched over verified TLS.
        TestIdentityProvider identity = await TestIdentityProvider.SharedAsync();
        foreach ((string key, string? value) in identity.RunnerSettings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        string caFile = Path.Combine(Path.GetTempPath(), $"privatelink-test-identity-ca-{identity.Port}.pem");
        await File.WriteAllTextAsync(caFile, identity.Ca.Pem, cancellationToken);
        info.Environment["SSL_CERT_FILE"] = caFile;
        info.Environment["SSL_CERT_DIR"] = Path.GetDirectoryName(caFile) + "/privatelink-no-extra-roots";
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["DOTNET_ENVIRONMENT"] = "Development";
        info.Environment["Logging__Console__FormatterName"] = "simple";
        info.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var runner = new RunnerProcess(process, name, new Uri($"http://127.0.0.1:{port}/"));
        await runner.Http.WithTokenAsync();
        process.OutputDataReceived += (_, e) => runner.Append(e.Data);
        process.ErrorDataReceived += (_, e) => runner.Append(e.Data);
        Assert.True(process.Start(), "dotnet did not start");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        while (true)
        {
            Assert.False(process.HasExited, $"runner {name} exited with {(process.HasExited ? process.ExitCode : 0)}:\n{runner.Output}");
            try
            {
                using HttpResponseMessage health = await runner.Http.GetAsync("/healthz", cancellationToken);
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return runner;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>kill -TERM, as a supervisor stops a container: the host shuts down gracefully; returns the exit code.</summary>
    public async Task<int> TerminateAsync(CancellationToken cancellationToken)
    {
        using (Process kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(cancellationToken);
            Assert.True(kill.ExitCode == 0, $"kill -TERM {_process.Id} exited with {kill.ExitCode}");
        }

        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>kill -9: the whole process tree dies at once, nothing is flushed or released.</summary>
    public async Task KillAsync(CancellationToken cancellationToken)
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
