using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PrivateLink.Onboarding.Activities;
using PrivateLink.Onboarding.Notifications;
using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Onboarding;

/// <summary>Registers the workflow's orchestrators, activities and services; both hosts call this.</summary>
public static class OnboardingRegistration
{
    /// <summary>Registers every orchestrator and activity of the onboarding workflow under its class name.</summary>
    /// <param name="registry">The Durable Task registry.</param>
    /// <returns>The registry.</returns>
    public static DurableTaskRegistry AddOnboardingTasks(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .AddOrchestrator<OnboardDestinationOrchestrator>()
            .AddOrchestrator<RecheckDestinationOrchestrator>()
            .AddOrchestrator<OffboardDestinationOrchestrator>()
            .AddOrchestrator<HealthCheckDestinationOrchestrator>()
            .AddActivity<ValidateTargetActivity>()
            .AddActivity<BeginCreatePrivateEndpointActivity>()
            .AddActivity<GetOperationStatusActivity>()
            .AddActivity<GetConnectionStateActivity>()
            .AddActivity<BeginDeletePrivateEndpointActivity>()
            .AddActivity<ProbeEndpointActivity>()
            .AddActivity<RegisterPrivateDnsActivity>()
            .AddActivity<GetPrivateDnsRecordsActivity>()
            .AddActivity<DeletePrivateDnsRecordActivity>()
            .AddActivity<PublishDestinationEventActivity>()
            .AddActivity<GetApprovalRemindersActivity>();
    }

    /// <summary>Registers the workflow's own services (event sinks); the ARM adapter and the probes are registered by their projects.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddOnboardingServices(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<CallbackOptions>().BindConfiguration(CallbackOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ApprovalReminderOptions>().BindConfiguration(ApprovalReminderOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<ICallbackAddressResolver, DnsCallbackAddressResolver>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient<CallbackEventSink>(client => client.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(sp => CallbackHttpHandler.Create(
                sp.GetRequiredService<ICallbackAddressResolver>(), sp.GetRequiredService<IOptionsMonitor<CallbackOptions>>()));
        services.AddTransient<IDestinationEventSink>(sp => sp.GetRequiredService<CallbackEventSink>());
        return services;
    }
}
