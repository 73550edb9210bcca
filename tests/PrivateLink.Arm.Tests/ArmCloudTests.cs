namespace PrivateLink.Arm.Tests;

/// <summary>Which Resource Manager endpoints are an Azure cloud's: the only ones a deployment outside Development may send its ARM token to.</summary>
public sealed class ArmCloudTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("https://management.azure.com", "https://management.azure.com/")]
    [InlineData("https://management.azure.com/", "https://management.azure.com")]
    [InlineData("https://MANAGEMENT.AZURE.COM/", null)]
    [InlineData("https://management.usgovcloudapi.net/", "https://management.usgovcloudapi.net/")]
    [InlineData("https://management.chinacloudapi.cn", "https://management.chinacloudapi.cn")]
    public void IsAzureCloud_OneCloudsEndpointAndAudience_IsTrue(string? endpoint, string? audience) =>
        Assert.True(ArmOptions.IsAzureCloud(endpoint, audience));

    [Theory]
    [InlineData("https://127.0.0.1:8443/", null)] // the ARM emulator
    [InlineData("http://management.azure.com/", null)] // clear text
    [InlineData("https://management.azure.com:8443/", null)] // another port
    [InlineData("https://management.azure.com.attacker.example/", null)] // a look-alike host
    [InlineData("https://management.azure.com/proxy/", null)] // a path under the host
    [InlineData("https://management.usgovcloudapi.net/", null)] // US Government with the public audience
    [InlineData(null, "https://management.chinacloudapi.cn/")] // public with China's audience
    [InlineData("https://management.microsoftazure.de/", "https://management.microsoftazure.de/")] // Azure Germany, closed in 2021
    [InlineData("not a url", null)]
    public void IsAzureCloud_AnythingElse_IsFalse(string? endpoint, string? audience) =>
        Assert.False(ArmOptions.IsAzureCloud(endpoint, audience));
}
