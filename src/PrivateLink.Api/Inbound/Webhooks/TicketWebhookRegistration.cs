using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace PrivateLink.Api.Inbound.Webhooks;

/// <summary>Registers the ticket-system webhooks' settings and replay store; both hosts call this.</summary>
public static class TicketWebhookRegistration
{
    /// <summary>The durable engine's storage connection string key (development; Azurite).</summary>
    public const string StorageConnectionStringKey = "DurableTask:StorageConnectionString";

    /// <summary>The durable engine's storage account name key (Azure; managed identity).</summary>
    public const string StorageAccountNameKey = "DurableTask:StorageAccountName";

    /// <summary>Registers the webhook options, a <see cref="TimeProvider"/> if none is registered, and the replay store.</summary>
    /// <remarks>
    /// The replay store is a table in the durable storage account when <c>DurableTask:StorageConnectionString</c> or
    /// <c>DurableTask:StorageAccountName</c> is set (shared by every instance), otherwise in memory (the in-memory engine runs one instance).
    /// An endpoint whose secret is not configured answers 401 to everything.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddTicketWebhooks(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<GenericWebhookOptions>().BindConfiguration(GenericWebhookOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ZendeskWebhookOptions>().BindConfiguration(ZendeskWebhookOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<JiraWebhookOptions>().BindConfiguration(JiraWebhookOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WebhookReplayOptions>().BindConfiguration(WebhookReplayOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WebhookRateLimitOptions>().BindConfiguration(WebhookRateLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(limiter => limiter.AddPolicy<string, WebhookRateLimitPolicy>(WebhookRateLimitPolicy.Name));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IWebhookReplayStore>(CreateReplayStore);
        return services;
    }

    private static IWebhookReplayStore CreateReplayStore(IServiceProvider services)
    {
        IConfiguration configuration = services.GetRequiredService<IConfiguration>();
        TimeProvider timeProvider = services.GetRequiredService<TimeProvider>();
        string tableName = services.GetRequiredService<IOptions<WebhookReplayOptions>>().Value.TableName;
        string? connectionString = configuration[StorageConnectionStringKey];
        string? accountName = configuration[StorageAccountNameKey];
        if (!string.IsNullOrEmpty(connectionString))
        {
            return new TableWebhookReplayStore(new TableClient(connectionString, tableName), timeProvider);
        }

        if (!string.IsNullOrEmpty(accountName))
        {
            var endpoint = new Uri($"https://{accountName}.table.core.windows.net/");
            return new TableWebhookReplayStore(new TableClient(endpoint, tableName, new DefaultAzureCredential()), timeProvider);
        }

        return new InMemoryWebhookReplayStore(timeProvider);
    }
}
