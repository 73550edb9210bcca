using System.Collections.Concurrent;
using System.Net.Http.Json;
using Azure.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PrivateLink.Arm;
using PrivateLink.Onboarding;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;
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

    /// <summary>Reads a destination's status through the API.</summary>
    public async Task<OnboardingView> GetViewAsync(string destinationId, CancellationToken cancellationToken) =>
        (await Http.GetFromJsonAsync<OnboardingView>($"/api/onboardings/{destinationId}", OnboardingJson.Options, cancellationToken))!;

    /// <summary>
    /// Waits until the destination's workflow has ended in <paramref name="stage"/>. An approval shows in ARM a little later
    /// (eventual consistency), so the approval notice is repeated, as the approval watcher would, until the workflow (which
    /// reads ARM before believing it) moves on; ending in any other stage fails the test with the runner's last log lines.
    /// </summary>
    public async Task<OnboardingView> NotifyApprovalUntilAsync(string destinationId, OnboardingStage stage, CancellationToken cancellationToken)
    {
        while (true)
        {
            OnboardingView view = await GetViewAsync(destinationId, cancellationToken);
            if (view.Stage == stage && view.RuntimeStatus == "Completed")
            {
                return view;
            }

            Assert.False(view.Stage.IsTerminal() && view.RuntimeStatus == "Completed", $"{destinationId} ended {view.Stage}: {view.Detail} {view.Error}\n{string.Join('\n', Logs.Lines.TakeLast(40))}");
            if (view.Stage == OnboardingStage.AwaitingApproval)
            {
                using HttpResponseMessage notified = await Http.PostAsync($"/api/onboardings/{destinationId}/approval", null, cancellationToken);
            }

            await Task.Delay(1000, cancellationToken);
        }
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
