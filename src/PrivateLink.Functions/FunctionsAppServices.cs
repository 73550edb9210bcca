using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PrivateLink.Api;
using PrivateLink.Api.Inbound.ServiceBus;
using PrivateLink.Api.Security;
using PrivateLink.Functions.Http;
using PrivateLink.Functions.Retention;
using PrivateLink.Functions.Security;
using PrivateLink.Onboarding;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Functions;

/// <summary>Registers what the Functions app needs: the same services as the self-hosted runner, plus the worker's serializer and telemetry.</summary>
public static class FunctionsAppServices
{
    /// <summary>Configures the worker as <c>Program</c> runs it: the ASP.NET Core integration for HTTP triggers, the Easy Auth role check, the 503 for an unavailable dependency and the app's services.</summary>
    /// <param name="builder">The Functions application builder, its configuration complete.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A development-only setting is on outside Development; one failure names each.</exception>
    public static FunctionsApplicationBuilder ConfigureFunctionsApp(this FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // The worker refuses to start, naming each, when a development-only setting is on in Azure (Production) or any other
        // environment but Development.
        DevelopmentOnlySettings.ThrowIfAny(DevelopmentOnlySettings.RefusalsOf(builder.Configuration, builder.Environment));
        builder.ConfigureFunctionsWebApplication();
        builder.UseEasyAuthRoles();
        builder.UseMiddleware<DependencyUnavailableMiddleware>();
        builder.Services.AddFunctionsAppServices(builder.Configuration);
        return builder;
    }

    /// <summary>The Functions app's one registration entry: the services both hosts share (<see cref="PrivateLinkRegistration.AddPrivateLinkOnboarding"/>), the replay store and the destination records in the host's storage, the Service Bus drain, and telemetry.</summary>
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
    /// <c>ActivatorUtilities.CreateInstance&lt;ApprovalWatcher&gt;(services, new OnboardingService(client))</c>). The Service Bus intake's hosted processor
    /// is therefore not registered: the queue is drained by a timer function through <see cref="ServiceBusRegistration.AddServiceBusRequestDrain"/>
    /// with the bound client.
    /// </para>
    /// </remarks>
    public static IServiceCollection AddFunctionsAppServices(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<JsonSerializerOptions>(OnboardingJson.Configure);
        services.AddPrivateLinkOnboarding();
        services.AddHostStorageReplayStore(configuration);
        services.AddHostStorageRecordStore(configuration);
        services.AddServiceBusRequestDrain();
        services.AddFunctionsTelemetry(configuration);
        return services;
    }
}
