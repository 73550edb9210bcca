using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PrivateLink.Api.Inbound.ServiceBus;

/// <summary>Listens on the dashboard's request queue with a <see cref="ServiceBusProcessor"/> (AutoCompleteMessages off) and hands each message to <see cref="ServiceBusIntakeHandler"/>.</summary>
/// <remarks>Does nothing unless <see cref="ServiceBusOptions.IntakeEnabled"/>.</remarks>
/// <param name="services">Resolves the client and, per message, the handler in its own scope.</param>
/// <param name="options">The Service Bus settings.</param>
/// <param name="logger">The logger.</param>
internal sealed class ServiceBusIntakeHostedService(IServiceProvider services, IOptions<ServiceBusOptions> options, ILogger<ServiceBusIntakeHostedService> logger)
    : IHostedService, IAsyncDisposable
{
    private ServiceBusProcessor? _processor;

    /// <inheritdoc/>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ServiceBusOptions settings = options.Value;
        if (!settings.IntakeEnabled)
        {
            Log.IntakeDisabled(logger);
            return;
        }

        ServiceBusClient client = services.GetRequiredService<ServiceBusClient>();
        _processor = client.CreateProcessor(settings.RequestQueue, new ServiceBusProcessorOptions
        {
            AutoCompleteMessages = false,
            MaxConcurrentCalls = settings.MaxConcurrentCalls,
        });
        _processor.ProcessMessageAsync += ProcessMessageAsync;
        _processor.ProcessErrorAsync += ProcessErrorAsync;
        await _processor.StartProcessingAsync(cancellationToken);
        Log.IntakeStarted(logger, settings.RequestQueue!, client.FullyQualifiedNamespace);
    }

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_processor is not null)
        {
            await _processor.StopProcessingAsync(cancellationToken);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_processor is not null)
        {
            await _processor.DisposeAsync();
        }
    }

    /// <summary>Handles one message; called by the processor.</summary>
    /// <param name="args">The message and its settlement methods.</param>
    /// <returns>A task that completes when the message is settled.</returns>
    internal async Task ProcessMessageAsync(ProcessMessageEventArgs args)
    {
        await using AsyncServiceScope scope = services.CreateAsyncScope();
        ServiceBusIntakeHandler handler = scope.ServiceProvider.GetRequiredService<ServiceBusIntakeHandler>();
        await handler.HandleAsync(args.Message, new ProcessMessageSettlement(args), args.CancellationToken);
    }

    private Task ProcessErrorAsync(ProcessErrorEventArgs args)
    {
        Log.ProcessorError(logger, args.Exception, args.EntityPath, args.ErrorSource.ToString());
        return Task.CompletedTask;
    }
}
