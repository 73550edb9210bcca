using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PrivateLink.Api.Inbound.Webhooks;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Api.Jobs;

/// <summary>Registers retention's options and the destination record store; both hosts call this through their one registration entry.</summary>
public static class RetentionRegistration
{
    /// <summary>Registers <see cref="RetentionOptions"/> (validated at start) and the <see cref="IDestinationRecordStore"/>, unless one is registered.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection.</returns>
    /// <remarks>
    /// The store is a table in the task hub's storage account when <c>DurableTask:StorageConnectionString</c> or
    /// <c>DurableTask:StorageAccountName</c> is set (the app's identity needs Storage Table Data Contributor there, which the task hub
    /// already needs), otherwise in memory, like the in-memory engine's task hub.
    /// </remarks>
    public static IServiceCollection AddRetention(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<RetentionOptions>()
            .BindConfiguration(RetentionOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDestinationRecordStore>(CreateStore);
        return services;
    }

    /// <summary>Builds the table store of destination records over a table client factory (the Functions app's host storage).</summary>
    /// <param name="services">The service provider.</param>
    /// <param name="createTable">Creates a table client for a table name.</param>
    /// <returns>The store.</returns>
    public static IDestinationRecordStore CreateTableStore(IServiceProvider services, Func<string, TableClient> createTable)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(createTable);
        return new TableDestinationRecordStore(createTable(services.GetRequiredService<IOptions<RetentionOptions>>().Value.TableName));
    }

    private static IDestinationRecordStore CreateStore(IServiceProvider services)
    {
        IConfiguration configuration = services.GetRequiredService<IConfiguration>();
        string? connectionString = configuration[TicketWebhookRegistration.StorageConnectionStringKey];
        string? accountName = configuration[TicketWebhookRegistration.StorageAccountNameKey];
        if (!string.IsNullOrEmpty(connectionString))
        {
            return CreateTableStore(services, table => new TableClient(connectionString, table));
        }

        if (!string.IsNullOrEmpty(accountName))
        {
            var endpoint = new Uri($"https://{accountName}.table.core.windows.net/");
            return CreateTableStore(services, table => new TableClient(endpoint, table, new DefaultAzureCredential()));
        }

        return new InMemoryDestinationRecordStore();
    }
}
