using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PrivateLink.Connectivity.NameResolution;

namespace PrivateLink.Connectivity.Tests;

public sealed class ProbeOptionsTests
{
    [Fact]
    public void Defaults_AreDocumentedValues()
    {
        ProbeOptions sut = new();

        Assert.Equal(TimeSpan.FromSeconds(5), sut.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), sut.NegotiationTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), sut.HandshakeTimeout);
        Assert.Equal(TimeSpan.FromDays(30), sut.ExpiryWarningWindow);
        Assert.False(sut.CheckCertificateRevocation);
        Assert.Equal("Connectivity:Probe", ProbeOptions.SectionName);
    }

    [Fact]
    public void AddConnectivityProbes_BindsSectionAndResolvesDispatcher()
    {
        ServiceCollection services = new();
        services.AddSingleton<IConfiguration>(Configuration(("Connectivity:Probe:HandshakeTimeout", "00:00:02")));

        services.AddConnectivityProbes();
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.IsType<ConnectivityProbe>(provider.GetRequiredService<IConnectivityProbe>());
        Assert.Equal(TimeSpan.FromSeconds(2), provider.GetRequiredService<IOptions<ProbeOptions>>().Value.HandshakeTimeout);
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void AddConnectivityProbes_OutOfRangeTimeout_FailsStartupValidation()
    {
        ServiceCollection services = new();
        services.AddSingleton<IConfiguration>(Configuration(("Connectivity:Probe:ConnectTimeout", "01:00:00")));
        services.AddConnectivityProbes();
        using ServiceProvider provider = services.BuildServiceProvider();

        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(nameof(ProbeOptions.ConnectTimeout), ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dns.example.com")]
    [InlineData("10.0.0.10;nonsense")]
    [InlineData("10.0.0.10:99999")]
    public void AddConnectivityProbes_DnsServerNotAnAddress_FailsStartupValidationNamingTheSetting(string value)
    {
        ServiceCollection services = new();
        services.AddSingleton<IConfiguration>(Configuration(("Connectivity:Probe:DnsServers", value)));
        services.AddConnectivityProbes();
        using ServiceProvider provider = services.BuildServiceProvider();

        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Connectivity:Probe:DnsServers", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DnsServers_AddressesWithAndWithoutPort_ParseWithPort53ByDefault()
    {
        ProbeOptions sut = new() { DnsServers = "10.0.0.10; 127.0.0.1:5353;[::1]:53" };

        Assert.Empty(sut.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(sut)));
        Assert.True(NameResolutionCheck.TryParseServers(sut.DnsServers, out IReadOnlyList<System.Net.IPEndPoint> servers, out _));
        Assert.Equal(["10.0.0.10:53", "127.0.0.1:5353", "[::1]:53"], servers.Select(e => e.ToString()));
    }

    [Fact]
    public void AddConnectivityProbes_ClockAlreadyRegistered_KeepsIt()
    {
        Microsoft.Extensions.Time.Testing.FakeTimeProvider clock = new();
        ServiceCollection services = new();
        services.AddSingleton<IConfiguration>(Configuration());
        services.AddSingleton<TimeProvider>(clock);

        services.AddConnectivityProbes();
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Same(clock, provider.GetRequiredService<TimeProvider>());
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
