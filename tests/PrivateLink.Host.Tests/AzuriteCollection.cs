namespace PrivateLink.Host.Tests;

/// <summary>
/// The tests that run task hubs on the one Azurite test.sh starts, and the CPU-heavy fault storm. They run one after
/// another: together they overload Azurite's single Node.js process and the 2 cores, and a test bounded by its own
/// timeout then fails for want of resources, not for a fault of the product.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection
{
    /// <summary>The collection name.</summary>
    public const string Name = "Azurite task hubs";
}
