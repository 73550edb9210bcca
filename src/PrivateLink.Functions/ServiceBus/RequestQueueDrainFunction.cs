using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using PrivateLink.Api;
using PrivateLink.Api.Inbound.ServiceBus;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Functions.ServiceBus;

/// <summary>The Functions app's Service Bus intake: every 10 seconds, drains the request queue through the shared intake handler.</summary>
/// <remarks>
/// The isolated worker's Service Bus extension is not on the registry this project builds from, so there is no
/// <c>[ServiceBusTrigger]</c> yet; this timer stands in (docs/service-bus.md says how to swap it). Timer triggers run as a
/// singleton across instances, so one drain runs at a time; each stops <see cref="SafetyMargin"/> before the next tick. The
/// onboarding service is built over the bound <see cref="DurableTaskClient"/>, as the HTTP functions do.
/// </remarks>
/// <param name="drain">The shared drain.</param>
/// <param name="time">The clock.</param>
public sealed class RequestQueueDrainFunction(RequestQueueDrain drain, TimeProvider time)
{
    /// <summary>The NCRONTAB schedule: every 10 seconds.</summary>
    public const string Schedule = "*/10 * * * * *";

    /// <summary>The interval of <see cref="Schedule"/>, used when the host gives no next occurrence.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    /// <summary>How long before the next tick a drain stops.</summary>
    public static readonly TimeSpan SafetyMargin = TimeSpan.FromSeconds(2);

    /// <summary>Runs one drain of the request queue.</summary>
    /// <param name="timer">The timer information (its next occurrence bounds the drain).</param>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="cancellationToken">Cancels the drain (host shutdown).</param>
    /// <returns>What the drain did.</returns>
    [Function("RequestQueueDrain")]
    public Task<RequestQueueDrainResult> RunAsync(
        [TimerTrigger(Schedule)] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        drain.DrainAsync(new OnboardingService(client), Deadline(timer, time.GetUtcNow()), cancellationToken);

    /// <summary>When a drain must stop: <see cref="SafetyMargin"/> before the timer's next occurrence (or one interval from now).</summary>
    /// <param name="timer">The timer information.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The deadline.</returns>
    internal static DateTimeOffset Deadline(TimerInfo timer, DateTimeOffset now)
    {
        DateTimeOffset next = now + Interval;
        if (timer?.ScheduleStatus is { } status)
        {
            var scheduled = new DateTimeOffset(DateTime.SpecifyKind(status.Next, status.Next.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : status.Next.Kind));
            if (scheduled > now && scheduled < next)
            {
                next = scheduled;
            }
        }

        return next - SafetyMargin;
    }
}
