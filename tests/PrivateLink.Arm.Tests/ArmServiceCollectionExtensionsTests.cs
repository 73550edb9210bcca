using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace PrivateLink.Arm.Tests;

public sealed class ArmServiceCollectionExtensionsTests
{
    [Fact]
    public void AddArmPrivateEndpointClient_ValidConfiguration_ResolvesClient()
    {
        using ServiceProvider provider = Build(new Dictionary<string, string?>
        {
            ["Arm:SubscriptionId"] = "00000000-0000-0000-0000-000000000001",
            ["Arm:ResourceGroup"] = "rg",
            ["Arm:Location"] = "eastus",
            ["Arm:SubnetId"] = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s",
        });

        IPrivateEndpointClient sut = provider.GetRequiredService<IPrivateEndpointClient>();

        Assert.IsType<ArmPrivateEndpointClient>(sut);
    }

    [Fact]
    public void AddArmPrivateEndpointClient_MissingSubscription_FailsValidation()
    {
        using ServiceProvider provider = Build(new Dictionary<string, string?> { ["Arm:ResourceGroup"] = "rg" });

        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ArmOptions>>().Value);

        Assert.Contains(ex.Failures, f => f.Contains(nameof(ArmOptions.SubscriptionId), StringComparison.Ordinal));
    }

    [Fact]
    public void ArmOptions_Defaults_AreDocumentedValues()
    {
        var sut = new ArmOptions();

        Assert.Equal(new Uri("https://management.azure.com"), sut.Endpoint);
        Assert.Equal("https://management.azure.com/", sut.Audience);
        Assert.Equal("privatelink-onboarding", sut.OwnerTag);
        Assert.Equal(1000, sut.WriteBudget);
        Assert.Equal(TimeSpan.FromMinutes(5), sut.WriteBudgetWindow);
        Assert.Equal(10_000, sut.WriteQueueLimit);
        Assert.Equal(5, sut.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(0.8), sut.RetryDelay);
        Assert.Equal(TimeSpan.FromSeconds(60), sut.RetryMaxDelay);
        Assert.Equal(TimeSpan.FromSeconds(100), sut.NetworkTimeout);
        Assert.Null(sut.TrustedServerCertificateThumbprint);
        Assert.Equal("Arm", ArmOptions.SectionName);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton<TokenCredential>(new EmulatorTokenCredential());
        services.AddArmPrivateEndpointClient();
        return services.BuildServiceProvider();
    }
}
