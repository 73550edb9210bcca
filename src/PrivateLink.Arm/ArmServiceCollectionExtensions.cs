using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PrivateLink.Arm;

/// <summary>Registers the ARM adapter.</summary>
public static class ArmServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IPrivateEndpointClient"/> over Azure Resource Manager, with <see cref="ArmOptions"/> bound from section <c>Arm</c>.</summary>
    /// <remarks>
    /// Options are validated with DataAnnotations at start. The credential is the <c>Azure.Core.TokenCredential</c> registered in
    /// the container when there is one (e.g. <see cref="EmulatorTokenCredential"/> for the emulator), otherwise
    /// <c>DefaultAzureCredential</c>. A <see cref="TimeProvider"/> is added (system clock) unless one is registered.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddArmPrivateEndpointClient(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ArmOptions>()
            .BindConfiguration(ArmOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IPrivateEndpointClient, ArmPrivateEndpointClient>();
        return services;
    }
}
