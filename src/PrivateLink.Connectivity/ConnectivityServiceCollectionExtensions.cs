using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PrivateLink.Connectivity;

/// <summary>Registers the connectivity probes.</summary>
public static class ConnectivityServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IConnectivityProbe"/>, binds <see cref="ProbeOptions"/> to <see cref="ProbeOptions.SectionName"/> (validated at start), and <see cref="TimeProvider.System"/> unless a clock is registered.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddConnectivityProbes(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ProbeOptions>()
            .BindConfiguration(ProbeOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IConnectivityProbe, ConnectivityProbe>();
        return services;
    }
}
