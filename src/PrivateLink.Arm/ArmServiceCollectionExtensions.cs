using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PrivateLink.Arm;

/// <summary>Registers the ARM adapter.</summary>
public static class ArmServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IPrivateEndpointClient"/> and <see cref="IPrivateDnsClient"/> over Azure Resource Manager, with <see cref="ArmOptions"/> bound from section <c>Arm</c> and <see cref="PrivateDnsOptions"/> from <c>PrivateDns</c>.</summary>
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
        services.AddOptions<PrivateDnsOptions>()
            .BindConfiguration(PrivateDnsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<IPrivateEndpointClient, ArmPrivateEndpointClient>();

        // One adapter instance serves both seams (one write budget, one HTTP pipeline), unless a test put its own behind either.
        services.TryAddSingleton<IPrivateDnsClient>(sp => sp.GetRequiredService<IPrivateEndpointClient>() as IPrivateDnsClient
            ?? throw new InvalidOperationException($"The registered {nameof(IPrivateEndpointClient)} does not implement {nameof(IPrivateDnsClient)}; register one."));
        return services;
    }
}
