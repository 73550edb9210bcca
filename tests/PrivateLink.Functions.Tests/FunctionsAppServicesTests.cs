using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PrivateLink.Api;
using PrivateLink.Onboarding;
using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Functions.Tests;

public sealed class FunctionsAppServicesTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Arm:SubscriptionId"] = "6a8e3c1e-0d5e-4a8f-9a57-0f3a1b2c3d4e",
        ["Arm:ResourceGroup"] = "rg-privatelink-endpoints",
        ["Arm:Location"] = "eastus",
        ["Arm:SubnetId"] = "/subscriptions/6a8e3c1e-0d5e-4a8f-9a57-0f3a1b2c3d4e/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet-pe",
    };

    [Fact]
    public void AddFunctionsAppServices_WorkerSerializer_WritesWhatTheRunnersConverterWrites()
    {
        // The isolated Durable extension builds its DataConverter from WorkerOptions.Serializer, not from a DataConverter in DI.
        using ServiceProvider sp = Build();
        ObjectSerializer serializer = sp.GetRequiredService<IOptions<WorkerOptions>>().Value.Serializer!;
        var status = new OnboardingStatus(OnboardingStage.AwaitingApproval, DateTime.UnixEpoch, "waiting", [], null, null);

        string fromWorker = serializer.Serialize(status, typeof(OnboardingStatus), default).ToString();

        Assert.Equal(OnboardingDataConverter.Instance.Serialize(status), fromWorker);
        Assert.Contains("\"AwaitingApproval\"", fromWorker, StringComparison.Ordinal);
    }

    [Fact]
    public void AddFunctionsAppServices_EveryActivity_CanBeCreatedFromTheContainer()
    {
        using ServiceProvider sp = Build();
        Type[] activities = typeof(OnboardingRegistration).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(ITaskActivity).IsAssignableFrom(t))
            .ToArray();

        Assert.NotEmpty(activities);
        foreach (Type activity in activities)
        {
            Assert.NotNull(ActivatorUtilities.CreateInstance(sp, activity));
        }
    }

    [Fact]
    public void AddFunctionsAppServices_RegistersTheSharedApiService()
    {
        using ServiceProvider sp = Build();

        Assert.Contains(typeof(OnboardingService), ServiceTypes());
    }

    private static IEnumerable<Type> ServiceTypes()
    {
        var services = new ServiceCollection();
        services.AddFunctionsAppServices(new ConfigurationBuilder().AddInMemoryCollection(Settings).Build());
        return services.Select(d => d.ServiceType);
    }

    private static ServiceProvider Build()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging();
        services.AddFunctionsAppServices(configuration);
        return services.BuildServiceProvider();
    }
}
