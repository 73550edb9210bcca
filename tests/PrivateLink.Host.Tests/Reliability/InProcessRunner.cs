using System.Collections.Concurrent;
using Azure.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PrivateLink.Arm;
using PrivateLink.TestIdentity;

namespace PrivateLink.Host.Tests.Reliability;

/// <summary>The real runner (RunnerApp) in the test process, with every log line captured.</summary>
internal sealed class InProcessRunner : IAsyncDisposable
{
    private InProcessRunner(WebApplication app, CapturingLoggerProvider logs)
    {
        App = app;
        Logs = logs;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(60) };
    }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    public CapturingLoggerProvider Logs { get; }

    public static async Task<InProcessRunner> StartAsync(
        IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken, LogLevel minimumLevel = LogLevel.Warning,
        Action<IServiceCollection>? services = null)
    {
        var logs = new CapturingLoggerProvider();
        WebApplication app = await RunnerApp.BuildAsync([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.UseTestIdentity();
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(minimumLevel);
            builder.Logging.AddProvider(logs);
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddSingleton<TokenCredential, EmulatorTokenCredential>();
            services?.Invoke(builder.Services); // before the runner's own registrations: a TryAdd there keeps the test's
        }, cancellationToken);
        await app.StartAsync(cancellationToken);
        var runner = new InProcessRunner(app, logs);
        await runner.Http.WithTokenAsync();
        return runner;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>Keeps every formatted log line (with exception text) of the runner.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            lines.Enqueue($"{category} scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            string structured = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
            lines.Enqueue($"{logLevel} {category}[{eventId.Id}] {formatter(state, exception)} {structured} {exception}");
        }
    }
}
