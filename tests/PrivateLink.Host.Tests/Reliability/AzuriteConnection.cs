namespace PrivateLink.Host.Tests.Reliability;

/// <summary>The Azurite started by test.sh (scripts/services/azurite.sh exports its connection string).</summary>
internal static class AzuriteConnection
{
    /// <summary>Gets the connection string, failing the test with directions when test.sh did not start Azurite.</summary>
    public static string Require()
    {
        string? value = Environment.GetEnvironmentVariable("AZURITE_CONNECTION_STRING");
        if (string.IsNullOrEmpty(value))
        {
            Assert.Fail("AZURITE_CONNECTION_STRING is not set: run the tests through ./test.sh, which starts Azurite (scripts/services/azurite.sh).");
        }

        return value!;
    }

    /// <summary>Gets a task hub name no other test uses.</summary>
    public static string NewTaskHub(string prefix) => prefix + Guid.NewGuid().ToString("N")[..12];
}
