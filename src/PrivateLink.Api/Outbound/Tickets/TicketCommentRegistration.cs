using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivateLink.Api.Inbound.ServiceBus;
using PrivateLink.Api.Inbound.Webhooks;
using PrivateLink.Onboarding.Notifications;

namespace PrivateLink.Api.Outbound.Tickets;

/// <summary>Registers the status comments on Zendesk tickets and Jira issues; both hosts call this.</summary>
public static class TicketCommentRegistration
{
    /// <summary>Registers one <see cref="IDestinationEventSink"/> per ticket system, each posting only when its URL and credentials are configured, and the mapping-error comments of the ticket webhooks.</summary>
    /// <remarks>
    /// A system that is not configured (<c>Tickets:Zendesk:*</c>, <c>Tickets:Jira:*</c>) gets a sink that does nothing. Posted comments are
    /// remembered in the webhook replay table of the durable storage account when <c>DurableTask:StorageConnectionString</c> or
    /// <c>DurableTask:StorageAccountName</c> is set (shared by every instance), otherwise in memory. Calling this twice registers nothing more.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddTicketComments(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(TicketMappingErrorNotifier)))
        {
            return services;
        }

        services.AddOptions<ZendeskCommentOptions>().BindConfiguration(ZendeskCommentOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<JiraCommentOptions>().BindConfiguration(JiraCommentOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TicketCommentOptions>().BindConfiguration(TicketCommentOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WebhookReplayOptions>().BindConfiguration(WebhookReplayOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IPostedCommentStore>(CreateStore);
        services.AddHttpClient<ZendeskCommentClient>((sp, client) => client.Timeout = RequestTimeout(sp));
        services.AddHttpClient<JiraCommentClient>((sp, client) => client.Timeout = RequestTimeout(sp));
        services.AddTransient<ITicketCommentClient>(sp => sp.GetRequiredService<ZendeskCommentClient>());
        services.AddTransient<ITicketCommentClient>(sp => sp.GetRequiredService<JiraCommentClient>());
        services.AddTransient<TicketMappingErrorNotifier>();
        services.AddTransient<IDestinationEventSink>(sp => sp.GetRequiredService<IOptions<ZendeskCommentOptions>>().Value.IsConfigured
            ? CreateSink(sp, sp.GetRequiredService<ZendeskCommentClient>())
            : DisabledEventSink.Instance);
        services.AddTransient<IDestinationEventSink>(sp => sp.GetRequiredService<IOptions<JiraCommentOptions>>().Value.IsConfigured
            ? CreateSink(sp, sp.GetRequiredService<JiraCommentClient>())
            : DisabledEventSink.Instance);
        return services;
    }

    private static TimeSpan RequestTimeout(IServiceProvider services) =>
        services.GetRequiredService<IOptions<TicketCommentOptions>>().Value.RequestTimeout;

    private static TicketCommentEventSink CreateSink(IServiceProvider services, ITicketCommentClient client) =>
        new(
            client,
            services.GetRequiredService<IPostedCommentStore>(),
            services.GetRequiredService<IOptions<TicketCommentOptions>>(),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILogger<TicketCommentEventSink>>());

    private static IPostedCommentStore CreateStore(IServiceProvider services)
    {
        IConfiguration configuration = services.GetRequiredService<IConfiguration>();
        TimeProvider timeProvider = services.GetRequiredService<TimeProvider>();
        string tableName = services.GetRequiredService<IOptions<WebhookReplayOptions>>().Value.TableName;
        string? connectionString = configuration[TicketWebhookRegistration.StorageConnectionStringKey];
        string? accountName = configuration[TicketWebhookRegistration.StorageAccountNameKey];
        if (!string.IsNullOrEmpty(connectionString))
        {
            return new TablePostedCommentStore(new TableClient(connectionString, tableName), timeProvider);
        }

        if (!string.IsNullOrEmpty(accountName))
        {
            var endpoint = new Uri($"https://{accountName}.table.core.windows.net/");
            return new TablePostedCommentStore(new TableClient(endpoint, tableName, new DefaultAzureCredential()), timeProvider);
        }

        return new InMemoryPostedCommentStore(timeProvider);
    }
}
