using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PrivateLink.Api.Inbound.Webhooks;

namespace PrivateLink.Functions;

/// <summary>Keeps the webhook replay table in the Functions host's storage account (<c>AzureWebJobsStorage</c>), which every instance shares.</summary>
/// <remarks>
/// The shared <see cref="TicketWebhookRegistration.AddTicketWebhooks"/> puts the table in the account named by <c>DurableTask:*</c>
/// and otherwise keeps deliveries in memory, which is right for the runner's single-instance in-memory engine. A Function App scales
/// out and restarts, so an in-memory store would let a replay through on another instance: unless <c>DurableTask:*</c> is set, the
/// table goes where the task hub already lives (the app's identity has Table Data Contributor there, infra/main.bicep).
/// </remarks>
internal static class HostStorageReplayStore
{
    /// <summary>The Functions host's storage connection: a connection string, or a section with <c>accountName</c> or <c>tableServiceUri</c>.</summary>
    public const string HostStorageSetting = "AzureWebJobsStorage";

    /// <summary>Registers the table replay store on the host's storage; call before <see cref="TicketWebhookRegistration.AddTicketWebhooks"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The app settings.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddHostStorageReplayStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        Func<string, TableClient>? createTable = HostTables(configuration);
        if (createTable is not null)
        {
            // Replace, not TryAdd: the host storage store wins whether the shared services were registered before or after.
            services.Replace(ServiceDescriptor.Singleton<IWebhookReplayStore>(sp => new TableWebhookReplayStore(
                createTable(sp.GetRequiredService<IOptions<WebhookReplayOptions>>().Value.TableName),
                sp.GetRequiredService<TimeProvider>())));
        }

        return services;
    }

    /// <summary>
    /// Makes tables in the host's storage for the Functions app's own stores (webhook replays, destination records), or null when
    /// <c>DurableTask:*</c> names the storage (the shared registration then puts them there) or the host's storage is not set.
    /// </summary>
    /// <param name="configuration">The app settings.</param>
    /// <returns>A factory of table clients by table name, or null.</returns>
    internal static Func<string, TableClient>? HostTables(IConfiguration configuration)
    {
        if (!string.IsNullOrEmpty(configuration[TicketWebhookRegistration.StorageConnectionStringKey])
            || !string.IsNullOrEmpty(configuration[TicketWebhookRegistration.StorageAccountNameKey]))
        {
            return null;
        }

        string? connectionString = configuration[HostStorageSetting];
        string? tableServiceUri = configuration[$"{HostStorageSetting}:tableServiceUri"];
        string? accountName = configuration[$"{HostStorageSetting}:accountName"];
        return !string.IsNullOrEmpty(connectionString) ? table => new TableClient(connectionString, table)
            : !string.IsNullOrEmpty(tableServiceUri) ? table => new TableClient(new Uri(tableServiceUri), table, new DefaultAzureCredential())
            : !string.IsNullOrEmpty(accountName) ? table => new TableClient(new Uri($"https://{accountName}.table.core.windows.net/"), table, new DefaultAzureCredential())
            : null;
    }
}
