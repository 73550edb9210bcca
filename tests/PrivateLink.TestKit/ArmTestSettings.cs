namespace PrivateLink.TestKit;

/// <summary>Configuration the tests share.</summary>
public static class ArmTestSettings
{
    /// <summary>The ARM settings every deployment must give (subscription, resource group, location, subnet), as configuration keys.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Required = new Dictionary<string, string?>
    {
        ["Arm:SubscriptionId"] = "6a8e3c1e-0d5e-4a8f-9a57-0f3a1b2c3d4e",
        ["Arm:ResourceGroup"] = "rg-privatelink-endpoints",
        ["Arm:Location"] = "eastus",
        ["Arm:SubnetId"] = "/subscriptions/6a8e3c1e-0d5e-4a8f-9a57-0f3a1b2c3d4e/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet-pe",
    };
}
