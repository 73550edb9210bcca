using System.Globalization;

namespace PrivateLink.Connectivity.Tests.TestSupport;

/// <summary>Reads what scripts/services/*.sh exported; a missing variable fails the test, never skips it.</summary>
internal static class ServerEnvironment
{
    public static int Port(string name)
    {
        string value = Get(name);
        return int.Parse(value, CultureInfo.InvariantCulture);
    }

    public static string CaBundlePem() => File.ReadAllText(Path.Combine(Get("PL_TEST_CERT_DIR"), "ca.crt"));

    public static string CertificatePath(string name) => Path.Combine(Get("PL_TEST_CERT_DIR"), name);

    public static string Get(string name)
    {
        string? value = Environment.GetEnvironmentVariable(name);
        if (!string.IsNullOrEmpty(value))
        {
            return value;
        }

        bool ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        Assert.Fail(ci
            ? $"{name} is not set on CI: the service script that exports it (scripts/services/*.sh) did not run or failed."
            : $"{name} is not set: run the tests via ./test.sh, or start scripts/services/{{postgres,mariadb,nginx}}.sh and source $PL_STATE_DIR/*.env first.");
        return "";
    }
}
