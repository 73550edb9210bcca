using System.Net;
using System.Text;
using DurableTask.AzureStorage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PrivateLink.Host.Tests.Reliability;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Api.Tests.Http;

/// <summary>The API when the task hub's storage does not answer: 503 with Retry-After, never a 500, and nothing of the storage in the answer.</summary>
public sealed class DependencyUnavailableTests : IAsyncLifetime
{
    // Nothing listens on port 1. The Durable Task backend's own storage client makes each call, so the failure is the one an outage
    // gives (connection refused on every retry), not one the test builds.
    private const string UnreachableStorage =
        "BlobEndpoint=http://127.0.0.1:1/;QueueEndpoint=http://127.0.0.1:1/;TableEndpoint=http://127.0.0.1:1/;SharedAccessSignature=sv=2022-11-02&sig=unused";

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(3));
    private readonly AzureStorageOrchestrationService _unreachable = new(new AzureStorageOrchestrationServiceSettings
    {
        TaskHubName = "unreachablehub",
        StorageAccountClientProvider = new StorageAccountClientProvider(UnreachableStorage),
    });

    private InProcessRunner? _runner;

    public async Task InitializeAsync()
    {
        // The runner's engine is in memory; the commands' client first asks the unreachable backend, as a client on that task hub would.
        _runner = await InProcessRunner.StartAsync(
            ArmTestSettings.Required,
            _timeout.Token,
            services: services => services.TryAddTransient(sp => new OnboardingService(new GatedDurableTaskClient(
                sp.GetRequiredService<DurableTaskClient>(),
                _ => _unreachable.GetOrchestrationStateAsync("onboard-dst-42", allExecutions: false)))));
    }

    public async Task DisposeAsync()
    {
        if (_runner is not null)
        {
            await _runner.DisposeAsync();
        }

        _timeout.Dispose();
    }

    [Fact]
    public async Task Submit_TaskHubStorageUnreachable_Answers503WithRetryAfterAndNoStorageDetail()
    {
        using var body = new StringContent(Payloads.Request(), Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await _runner!.Http.PostAsync("/api/onboardings", body, _timeout.Token);
        string text = await response.Content.ReadAsStringAsync(_timeout.Token);

        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {text}");
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"status\":503", text, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("refused", text, StringComparison.OrdinalIgnoreCase);
    }
}
