using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Azure.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PrivateLink.Api.Security;
using PrivateLink.Arm;
using PrivateLink.Onboarding;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;
using PrivateLink.TestIdentity;

namespace PrivateLink.Host.Tests.Reliability;

/// <summary>
/// The one way the tests run the runner in their own process: the real <see cref="RunnerApp"/> (its registration, middleware and
/// routes) on a loopback port (real Kestrel, real sockets), a Development host trusting the loopback OpenID provider, with every log
/// line captured. Test-specific presets (the HTTP tests' <c>RunnerFactory</c>, the console fixture, the Azure Storage end-to-end tests) are
/// settings and services given here; the child-process runner (<see cref="RunnerProcess"/>) is the only other way, for kill -9.
/// </summary>
internal sealed class InProcessRunner : IAsyncDisposable
{
    private readonly TestIdentityProvider _identity;

    private InProcessRunner(WebApplication app, CapturingLoggerProvider logs, TestIdentityProvider identity)
    {
        App = app;
        Logs = logs;
        _identity = identity;
        Http = CreateClient(TimeSpan.FromSeconds(60));
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    public Uri BaseAddress => new(App.Urls.First());

    /// <summary>Gets a client holding a token with every role.</summary>
    public HttpClient Http { get; }

    public CapturingLoggerProvider Logs { get; }

    /// <summary>Starts the runner.</summary>
    /// <param name="settings">Settings over the runner's own (appsettings, the identity provider's).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <param name="minimumLevel">The least log level captured.</param>
    /// <param name="services">Registrations made before the runner's own: a TryAdd there keeps the test's.</param>
    /// <param name="identity">The OpenID provider the runner trusts, or null for the shared one.</param>
    /// <returns>The started runner.</returns>
    public static async Task<InProcessRunner> StartAsync(
        IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken, LogLevel minimumLevel = LogLevel.Warning,
        Action<IServiceCollection>? services = null, TestIdentityProvider? identity = null)
    {
        var logs = new CapturingLoggerProvider();
        TestIdentityProvider trusted = identity ?? await TestIdentityProvider.SharedAsync();
        WebApplication app = await RunnerApp.BuildAsync([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.UseTestIdentity(trusted);
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(minimumLevel);
            builder.Logging.AddProvider(logs);
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddSingleton<TokenCredential, EmulatorTokenCredential>();
            services?.Invoke(builder.Services);
        }, cancellationToken);
        await app.StartAsync(cancellationToken);
        var runner = new InProcessRunner(app, logs, trusted);
        runner.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await trusted.GetTokenAsync([.. OnboardingRoles.All]));
        return runner;
    }

    /// <summary>A new client of the runner with a token holding these roles (none: an authenticated caller without roles).</summary>
    public async Task<HttpClient> CreateClientWithRolesAsync(params string[] roles)
    {
        HttpClient client = CreateClient(TimeSpan.FromSeconds(100));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await _identity.GetTokenAsync(roles));
        return client;
    }

    /// <summary>A new client of the runner without a token.</summary>
    public HttpClient CreateClient(TimeSpan timeout) => new() { BaseAddress = BaseAddress, Timeout = timeout };

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
