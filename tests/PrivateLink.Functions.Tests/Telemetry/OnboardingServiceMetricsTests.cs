using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using PrivateLink.Api;
using PrivateLink.Functions.Tests.Support;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Service;
using PrivateLink.Onboarding.Telemetry;
using PrivateLink.Onboarding.Validation;
using PrivateLink.SupportMatrix;

namespace PrivateLink.Functions.Tests.Telemetry;

/// <summary><c>OnboardingService.SubmitAsync</c> counts <c>privatelink.onboarding.started</c> on the real engine.</summary>
/// <remarks>
/// The counter is process-wide and other classes submit in parallel, so this test uses a destination type no other test in this
/// assembly submits (AzureSqlDatabase) and counts only that tag.
/// </remarks>
public sealed class OnboardingServiceMetricsTests(DurableEngineFixture engine) : IClassFixture<DurableEngineFixture>
{
    [Fact]
    public async Task SubmitAsync_StartedThenSameRequestAgain_CountsStartedOnceWithType()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var started = new ConcurrentQueue<long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == OnboardingMetrics.MeterName && instrument.Name == "privatelink.onboarding.started")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                if (tag.Key == "destination.type" && (string?)tag.Value == nameof(DestinationType.AzureSqlDatabase))
                {
                    started.Enqueue(value);
                }
            }
        });
        listener.Start();
        var sut = new OnboardingService(engine.Client);
        OnboardDestinationInput input = SqlDatabaseInput("dst-" + Guid.NewGuid().ToString("N")[..12]);

        CommandResult first = await sut.SubmitAsync(input, cts.Token);
        await engine.WaitUntilRunningAsync(input.DestinationId);
        CommandResult second = await sut.SubmitAsync(input, cts.Token);

        Assert.Equal(CommandOutcome.Accepted, first.Outcome);
        Assert.Equal(CommandOutcome.AlreadyExists, second.Outcome);
        Assert.Equal([1L], started);
    }

    private static OnboardDestinationInput SqlDatabaseInput(string destinationId)
    {
        var request = new OnboardingRequest
        {
            DestinationId = destinationId,
            DestinationType = nameof(DestinationType.AzureSqlDatabase),
            TargetResourceId = "/subscriptions/6a8e3c1e-0d5e-4a8f-9a57-0f3a1b2c3d4e/resourceGroups/rg-customer/providers/Microsoft.Sql/servers/sql1",
            HostName = "sql1.database.windows.net",
        };
        return OnboardingRequestValidator.Validate(request, out ValidationErrors errors)
            ?? throw new InvalidOperationException($"Invalid test request: {string.Join(", ", errors.ToDictionary().Keys)}");
    }
}
