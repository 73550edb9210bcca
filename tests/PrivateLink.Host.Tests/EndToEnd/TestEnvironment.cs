namespace PrivateLink.Host.Tests.EndToEnd;

/// <summary>Reads what test.sh started (scripts/services/*.sh export the addresses of the real servers).</summary>
internal static class TestEnvironment
{
    /// <summary>Gets a variable exported by a service script, failing the test with directions when it is missing.</summary>
    public static string Require(string name)
    {
        string? value = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrEmpty(value))
        {
            Assert.Fail($"{name} is not set: run the tests through ./test.sh, which starts the servers they need (scripts/services/).");
        }

        return value!;
    }
}
