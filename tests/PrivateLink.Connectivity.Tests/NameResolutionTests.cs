using System.Net;
using PrivateLink.Connectivity.NameResolution;
using PrivateLink.Connectivity.Tests.TestSupport;

namespace PrivateLink.Connectivity.Tests;

/// <summary>
/// The name-resolution check against a real DNS server: dnsmasq on loopback, started by scripts/services/dnsmasq.sh, serving a
/// private answer behind a CNAME, another private address, a public address and NXDOMAIN.
/// </summary>
public sealed class NameResolutionTests
{
    private const string EndpointIp = "10.20.0.5";

    [Fact]
    public async Task Check_PrivateAnswerBehindCname_MatchesTheEndpointAndShowsTheChain()
    {
        NameResolutionResult result = await CheckAsync("pg1.postgres.database.test");

        Assert.Equal(NameResolutionOutcome.MatchesEndpoint, result.Outcome);
        Assert.True(result.ResolvesToEndpoint);
        Assert.Equal([EndpointIp], result.Addresses);
        Assert.Equal(["pg1.privatelink.postgres.database.test"], result.Aliases);
        Assert.Equal(ServerEnvironment.Get("PL_TEST_DNS_SERVER"), result.Resolver);
        Assert.Equal(
            $"pg1.postgres.database.test resolves to the endpoint's private IP {EndpointIp} (via CNAME pg1.privatelink.postgres.database.test) via the DNS server {result.Resolver} resolver",
            result.Detail);
    }

    [Fact]
    public async Task Check_PublicAnswer_IsPublicAddressNamingIt()
    {
        NameResolutionResult result = await CheckAsync("public.postgres.database.test");

        Assert.Equal(NameResolutionOutcome.PublicAddress, result.Outcome);
        Assert.False(result.ResolvesToEndpoint);
        Assert.Equal(["203.0.113.10"], result.Addresses);
        Assert.StartsWith("public.postgres.database.test resolves to the public address 203.0.113.10", result.Detail, StringComparison.Ordinal);
        Assert.Contains($"not to the endpoint's private IP {EndpointIp}", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_PrivateAddressOfAnotherEndpoint_IsOtherPrivateAddress()
    {
        NameResolutionResult result = await CheckAsync("stale.postgres.database.test");

        Assert.Equal(NameResolutionOutcome.OtherPrivateAddress, result.Outcome);
        Assert.Equal(["10.20.0.99"], result.Addresses);
    }

    [Fact]
    public async Task Check_Nxdomain_IsNotFound()
    {
        NameResolutionResult result = await CheckAsync("missing.postgres.database.test");

        Assert.Equal(NameResolutionOutcome.NotFound, result.Outcome);
        Assert.Empty(result.Addresses);
        Assert.Contains("does not resolve", result.Detail, StringComparison.Ordinal);
        Assert.Contains("NXDOMAIN", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_SystemResolver_ResolvesFromHostsFileLikeTheConnectors()
    {
        // localhost comes from /etc/hosts through getaddrinfo: nothing leaves the machine.
        NameResolutionResult result = await NameResolutionCheck.RunAsync(new SystemHostNameResolver(), "localhost", ["127.0.0.1"], Probes.Bounded());

        Assert.Equal(NameResolutionOutcome.MatchesEndpoint, result.Outcome);
        Assert.Equal("system", result.Resolver);
    }

    [Fact]
    public async Task Check_ServerNotListening_IsLookupFailed()
    {
        using System.Net.Sockets.Socket reserved = new(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        reserved.Bind(new IPEndPoint(IPAddress.Loopback, 0)); // bound, never answers
        DnsServerHostNameResolver silent = new([(IPEndPoint)reserved.LocalEndPoint!], TimeSpan.FromMilliseconds(300));

        NameResolutionResult result = await NameResolutionCheck.RunAsync(silent, "pg1.postgres.database.test", [EndpointIp], Probes.Bounded());

        Assert.Equal(NameResolutionOutcome.LookupFailed, result.Outcome);
        Assert.StartsWith("pg1.postgres.database.test could not be resolved via the DNS server", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_PublicAnswerNotStrict_SucceedsWithTheNameCheckAsWarning()
    {
        ProbeResult result = await ProbeAsync("public.postgres.database.test", strict: false);

        Probes.AssertStatus(ProbeStatus.Succeeded, result);
        Assert.NotNull(result.NameResolution);
        Assert.Equal(NameResolutionOutcome.PublicAddress, result.NameResolution.Outcome);
    }

    [Fact]
    public async Task Probe_PublicAnswerStrict_FailsNameNotPrivateAndKeepsWhatThePortAnswered()
    {
        ProbeResult result = await ProbeAsync("public.postgres.database.test", strict: true);

        Probes.AssertStatus(ProbeStatus.NameNotPrivate, result);
        Assert.StartsWith("public.postgres.database.test resolves to the public address 203.0.113.10", result.Detail, StringComparison.Ordinal);
        Assert.Contains("strict name checking is on (the port itself answered: HTTP/1.1 200", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_NxdomainStrict_FailsNameNotPrivate()
    {
        ProbeResult result = await ProbeAsync("missing.postgres.database.test", strict: true);

        Probes.AssertStatus(ProbeStatus.NameNotPrivate, result);
        Assert.Equal(NameResolutionOutcome.NotFound, result.NameResolution!.Outcome);
    }

    [Fact]
    public async Task Probe_PrivateAnswerStrict_Succeeds()
    {
        ProbeResult result = await ProbeAsync("pg1.postgres.database.test", strict: true);

        Probes.AssertStatus(ProbeStatus.Succeeded, result);
        Assert.True(result.NameResolution!.ResolvesToEndpoint);
    }

    [Fact]
    public async Task Probe_NoExpectedAddresses_DoesNoNameCheck()
    {
        ConnectivityProbe sut = Probes.Create(options: new ProbeOptions { DnsServers = ServerEnvironment.Get("PL_TEST_DNS_SERVER") });

        ProbeResult result = await sut.ProbeAsync(Probes.Request(ProbeProtocol.Https, ServerEnvironment.Port("NGINX_CLEAR_PORT"), requireTls: false), Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.Succeeded, result);
        Assert.Null(result.NameResolution);
    }

    private static Task<NameResolutionResult> CheckAsync(string host)
    {
        Assert.True(NameResolutionCheck.TryParseServers(ServerEnvironment.Get("PL_TEST_DNS_SERVER"), out IReadOnlyList<IPEndPoint> servers, out _));
        return NameResolutionCheck.RunAsync(new DnsServerHostNameResolver(servers, TimeSpan.FromSeconds(5)), host, [EndpointIp], Probes.Bounded());
    }

    /// <summary>The clear-text nginx port (connected by IP, as the workflow does) with the host name checked against dnsmasq.</summary>
    private static Task<ProbeResult> ProbeAsync(string host, bool strict)
    {
        ConnectivityProbe sut = Probes.Create(options: new ProbeOptions { DnsServers = ServerEnvironment.Get("PL_TEST_DNS_SERVER") });
        ProbeRequest request = Probes.Request(ProbeProtocol.Https, ServerEnvironment.Port("NGINX_CLEAR_PORT"), requireTls: false, host: host)
            with { ExpectedAddresses = [EndpointIp], StrictNameResolution = strict };
        return sut.ProbeAsync(request, Probes.Bounded());
    }
}
