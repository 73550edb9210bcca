using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivateLink.Onboarding.Notifications;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Api.Inbound.ServiceBus;

/// <summary>
/// Drains the request queue once, for a host without a Service Bus trigger (the Functions app): receives bounded batches with peek-lock,
/// hands each message to the same <see cref="ServiceBusIntakeHandler"/> the runner's processor uses, which settles it (complete,
/// dead-letter or abandon), and stops at the deadline, when the queue is empty, or after <see cref="ServiceBusOptions.DrainMaxMessages"/>.
/// </summary>
/// <remarks>
/// Messages of a batch are handled <see cref="ServiceBusOptions.MaxConcurrentCalls"/> at a time. One received after the deadline has
/// passed is abandoned unhandled, so the next drain gets it at once instead of after its lock expires. The drain does not renew locks:
/// a message is handled in two Durable client calls, far inside the queue's lock duration (1 minute in infra/main.bicep).
/// </remarks>
/// <param name="services">Resolves the <see cref="ServiceBusClient"/>, only when the intake is configured.</param>
/// <param name="options">The Service Bus settings.</param>
/// <param name="time">The clock the deadline is read on.</param>
/// <param name="logger">The drain's logger.</param>
/// <param name="handlerLogger">The intake handler's logger.</param>
public sealed class RequestQueueDrain(
    IServiceProvider services, IOptions<ServiceBusOptions> options, TimeProvider time, ILogger<RequestQueueDrain> logger, ILogger<ServiceBusIntakeHandler> handlerLogger)
{
    /// <summary>Drains the queue until the deadline, an empty queue or the message budget.</summary>
    /// <param name="service">The onboarding service over the host's Durable client (in Functions: the bound <c>[DurableClient]</c>).</param>
    /// <param name="deadline">When to stop receiving and handling (before the timer's next tick).</param>
    /// <param name="cancellationToken">Cancels the drain (host shutdown); unsettled messages are left to their locks' expiry.</param>
    /// <returns>What the drain did.</returns>
    public async Task<RequestQueueDrainResult> DrainAsync(OnboardingService service, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        ServiceBusOptions settings = options.Value;
        if (!settings.IntakeEnabled)
        {
            Log.IntakeDisabled(logger);
            return RequestQueueDrainResult.Disabled;
        }

        ServiceBusClient client = services.GetRequiredService<ServiceBusClient>();
        await using ServiceBusReceiver receiver = client.CreateReceiver(
            settings.RequestQueue, new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.PeekLock, PrefetchCount = 0 });
        var handler = new ServiceBusIntakeHandler(service, handlerLogger, services.GetRequiredService<IOptionsMonitor<CallbackOptions>>());
        int received = 0, completed = 0, deadLettered = 0, abandoned = 0, released = 0, locksLost = 0;
        bool stoppedAtDeadline = false;
        while (received < settings.DrainMaxMessages)
        {
            TimeSpan left = deadline - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                stoppedAtDeadline = true;
                break;
            }

            IReadOnlyList<ServiceBusReceivedMessage> batch = await receiver.ReceiveMessagesAsync(
                Math.Min(settings.DrainBatchSize, settings.DrainMaxMessages - received), left < settings.DrainReceiveWait ? left : settings.DrainReceiveWait, cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            received += batch.Count;
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = settings.MaxConcurrentCalls, CancellationToken = cancellationToken }, async (message, ct) =>
            {
                if (time.GetUtcNow() >= deadline)
                {
                    await receiver.AbandonMessageAsync(message, cancellationToken: ct);
                    Interlocked.Increment(ref released);
                    return;
                }

                IntakeOutcome outcome;
                try
                {
                    outcome = await handler.HandleAsync(message, new ReceiverSettlement(receiver, message), ct);
                }
                catch (ServiceBusException ex) when (ex.Reason == ServiceBusFailureReason.MessageLockLost)
                {
                    Log.DrainLockLost(logger, ex, message.MessageId);
                    Interlocked.Increment(ref locksLost);
                    return;
                }

                _ = outcome switch
                {
                    IntakeOutcome.Completed => Interlocked.Increment(ref completed),
                    IntakeOutcome.DeadLettered => Interlocked.Increment(ref deadLettered),
                    _ => Interlocked.Increment(ref abandoned),
                };
            });
            stoppedAtDeadline = released > 0;
        }

        var result = new RequestQueueDrainResult(true, received, completed, deadLettered, abandoned, released, locksLost, stoppedAtDeadline);
        Log.QueueDrained(logger, settings.RequestQueue!, received, completed, deadLettered, abandoned, released, stoppedAtDeadline);
        return result;
    }
}
