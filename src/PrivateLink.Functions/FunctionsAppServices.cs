using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PrivateLink.Api;
using PrivateLink.Api.ServiceBus;
using PrivateLink.Api.Tickets;
using PrivateLink.Api.Webhooks;
using PrivateLink.Arm;
using PrivateLink.Connectivity;
using PrivateLink.Functions.Security;
using PrivateLink.Onboarding;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Functions;

/// <summary>Registers what the Functions app needs: the same services as the self-hosted runner, plus the worker's serializer and telemetry.</summary>
public static class FunctionsAppServices
{
    /// <summary>Configures the worker as <c>Program</c> runs it: the ASP.NET Core integration for HTTP triggers, the Easy Auth role check and the app's services.</summary>
    /// <param name="builder">The Functions application builder.</param>
    /// <returns>The builder.</returns>
    public static FunctionsApplicationBuilder ConfigureFunctionsApp(this FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureFunctionsWebApplication();
        builder.UseEasyAuthRoles();
        builder.Services.AddFunctionsAppServices(builder.Configuration);
        return builder;
    }

    /// <summary>Registers the workflow's services, the ARM adapter, the probes, the API, the ticket webhooks, the Service Bus drain and events, and telemetry.</summary>
    /// <param name="services">The worker's service collection.</param>
    /// <param name="configuration">The worker's configuration (app settings).</param>
    /// <returns>The service collection.</returns>
    /// <remarks>
    /// One serializer, configured once: the worker's <see cref="JsonSerializerOptions"/> get the product's conventions
    /// (<see cref="OnboardingJson.Configure"/>). The worker builds <see cref="WorkerOptions.Serializer"/> from them (activity outputs,
    /// binding data), and the isolated Durable extension wraps that serializer (its <c>ObjectConverterShim</c>) as the data converter
    /// of both the <c>[DurableClient]</c> client and the worker: orchestration inputs, outputs, custom status, event payloads and
    /// activity inputs. The extension also re-reads an orchestration input requested with another type through these same options.
    /// A <c>DataConverter</c> registered in DI, or set on <c>DurableTaskWorkerOptions</c>, is overwritten by the extension, and
    /// setting <see cref="WorkerOptions.Serializer"/> alone leaves those options (no enum converter) on the orchestration input path.
    /// <para>
    /// Nothing here needs a <c>DurableTaskClient</c> from DI: the isolated Durable extension provides a client only as a
    /// <c>[DurableClient]</c> binding, so a function builds what needs one over the bound client (<c>new OnboardingService(client)</c>,
    /// <c>ActivatorUtilities.CreateInstance&lt;ApprovalWatcher&gt;(services, client)</c>). The Service Bus intake's hosted processor
    /// is therefore not registered: the queue is drained by a timer function through <see cref="ServiceBusRegistration.AddServiceBusRequestDrain"/>
    /// with the bound client.
    /// </para>
    /// </remarks>
    public static IServiceCollection AddFunctionsAppServices(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<JsonSerializerOptions>(OnboardingJson.Configure);
        services.AddOnboardingServices();
        services.AddArmPrivateEndpointClient();
        services.AddConnectivityProbes();
        services.AddOnboardingApi();

        // Before AddTicketWebhooks, whose TryAdd then keeps this store.
        services.AddHostStorageReplayStore(configuration);
        services.AddTicketWebhooks();
        services.AddServiceBusRequestDrain();
        services.AddServiceBusEvents();
        services.AddTicketComments();
        services.AddFunctionsTelemetry(configuration);
        return services;
    }
}
