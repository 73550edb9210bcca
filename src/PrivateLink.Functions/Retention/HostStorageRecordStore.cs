using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PrivateLink.Api.Jobs;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Functions.Retention;

/// <summary>Keeps the destination records in the Functions host's storage account (<c>AzureWebJobsStorage</c>), where the task hub lives.</summary>
/// <remarks>
/// The shared <see cref="RetentionRegistration.AddRetention"/> puts the table in the account named by <c>DurableTask:*</c> and otherwise
/// keeps records in memory. The Functions app's task hub is in the host's storage, so unless <c>DurableTask:*</c> is set the table goes
/// there too (the app's identity has Table Data Contributor there, infra/main.bicep).
/// </remarks>
internal static class HostStorageRecordStore
{
    /// <summary>Registers the table record store on the host's storage.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The app settings.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddHostStorageRecordStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        Func<string, TableClient>? createTable = HostStorageReplayStore.HostTables(configuration);
        if (createTable is not null)
        {
            // Replace, not TryAdd: the host storage store wins whether the shared services were registered before or after.
            services.Replace(ServiceDescriptor.Singleton<IDestinationRecordStore>(sp => RetentionRegistration.CreateTableStore(sp, createTable)));
        }

        return services;
    }
}
