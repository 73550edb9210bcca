using System.Text.Json;
using PrivateLink.Arm;
using PrivateLink.Connectivity;
using PrivateLink.Connectivity.NameResolution;
using PrivateLink.Onboarding;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Notifications;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.SupportMatrix;

namespace PrivateLink.Onboarding.Tests.Orchestration;

public sealed class OnboardingStatusTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Entering_AppendsTheStageWithItsTimeAndActor_AndCapsTheTimelineKeepingTheFirstEntry()
    {
        var operator1 = new Actor("oid-operator");
        OnboardingStatus status = OnboardingStatus.Empty.Entering(OnboardingStage.Validating, null, T0, operator1);
        for (int i = 1; i <= OnboardingStatus.MaxTimelineEntries + 5; i++)
        {
            status = status.Entering(OnboardingStage.AwaitingApproval, $"check {i}", T0.AddMinutes(i), null);
        }

        status = status.Entering(OnboardingStage.Cancelled, "stopped", T0.AddHours(2), operator1);

        Assert.Equal(OnboardingStatus.MaxTimelineEntries, status.Timeline.Count);
        Assert.Equal(new StageEntry(OnboardingStage.Validating, T0, operator1), status.Timeline[0]);
        Assert.Equal(new StageEntry(OnboardingStage.Cancelled, T0.AddHours(2), operator1), status.Timeline[^1]);
        Assert.Equal(OnboardingStage.Cancelled, status.Stage);
        Assert.Equal("stopped", status.Detail);
        Assert.Equal(operator1, status.Actor);
    }

    [Fact]
    public void EndpointAndProbes_AreProjectionsOfTheEndpoints()
    {
        OnboardingStatus status = OnboardingStatus.Empty.Entering(OnboardingStage.CheckingConnectivity, null, T0, null);
        Assert.Null(status.Endpoint);
        Assert.Null(status.Probes);

        status = status.WithEndpoints(
        [
            new DestinationEndpoint("pe-onboard-lake", "blob", "lake.blob.core.windows.net", Endpoint("pe-onboard-lake"), [Probe(443)]),
            new DestinationEndpoint("pe-onboard-lake-dfs", "dfs", "lake.dfs.core.windows.net", Endpoint("pe-onboard-lake-dfs"), [Probe(443)]),
        ]);

        Assert.Equal("pe-onboard-lake", status.Endpoint!.Name);
        Assert.Equal(2, status.Probes!.Count);
    }

    [Fact]
    public void CustomStatusJson_CarriesTheEndpointsOnceAndReadsBackToTheSameDocument()
    {
        OnboardingStatus status = OnboardingStatus.Empty
            .Entering(OnboardingStage.Ready, "all ports answered", T0, new Actor("oid-1"))
            .WithEndpoints([new DestinationEndpoint("pe-onboard-pg", "postgresqlServer", "pg.postgres.database.azure.com", Endpoint("pe-onboard-pg"), [Probe(5432)])]);

        string json = OnboardingDataConverter.Instance.Serialize(status)!;
        OnboardingStatus back = OnboardingDataConverter.Instance.Deserialize<OnboardingStatus>(json)!;
        using JsonDocument document = JsonDocument.Parse(json);

        // The projections are derived on reading: the JSON holds each endpoint and probe once.
        JsonElement endpoint = document.RootElement.GetProperty("endpoints")[0];
        Assert.Equal("Approved", endpoint.GetProperty("endpoint").GetProperty("connectionStatus").GetString());
        Assert.Equal(5432, endpoint.GetProperty("probes")[0].GetProperty("port").GetInt32());
        Assert.False(document.RootElement.TryGetProperty("endpoint", out _));
        Assert.False(document.RootElement.TryGetProperty("probes", out _));
        Assert.False(document.RootElement.TryGetProperty("actor", out _)); // the actor is on the timeline entry
        Assert.Equal(status.Stage, back.Stage);
        Assert.Equal(status.Timeline, back.Timeline);
        Assert.Equal(status.Endpoint! with { PrivateIpAddresses = [], Fqdns = [] }, back.Endpoint! with { PrivateIpAddresses = [], Fqdns = [] });
        Assert.Equal(["10.0.0.4"], back.Endpoint!.PrivateIpAddresses);
        Assert.Equal(status.Probes, back.Probes);
        Assert.Equal(json, OnboardingDataConverter.Instance.Serialize(back));
    }

    [Fact]
    public void ForCustomStatus_DocumentThatFits_IsPublishedWhole()
    {
        OnboardingStatus status = OnboardingStatus.Empty
            .Entering(OnboardingStage.Ready, "all ports answered", T0, new Actor("oid-1"))
            .WithEndpoints([new DestinationEndpoint("pe-onboard-pg", "postgresqlServer", "pg.postgres.database.azure.com", Endpoint("pe-onboard-pg"), [Probe(5432) with { Tls = Tls() }])]);

        Assert.Same(status, status.ForCustomStatus());
    }

    [Fact]
    public void ForCustomStatus_LakeWithManyPorts_KeepsEachProbesOutcomeWithoutItsTlsSession()
    {
        OnboardingStatus status = Large(ports: 6, caBundleCharacters: 0, timelineEntries: 5);
        Assert.False(OnboardingStatus.FitsCustomStatus(status));

        OnboardingStatus published = status.ForCustomStatus();

        Assert.True(OnboardingStatus.FitsCustomStatus(published));
        Assert.Equal(12, published.Probes!.Count);
        Assert.All(published.Probes, p => Assert.Null(p.Tls));
        Assert.Equal(status.Probes!.Select(p => (p.Status, p.Port, p.Detail)), published.Probes.Select(p => (p.Status, p.Port, p.Detail)));
        Assert.Equal(status.Request, published.Request);
        Assert.Equal(status.Timeline, published.Timeline);
    }

    [Fact]
    public void ForCustomStatus_WorstTheValidatorAccepts_FitsTheLimit()
    {
        // 16 ports through both endpoints of a data lake, a CA bundle filling the 64 KB request body, a full timeline with actors.
        OnboardingStatus status = Large(ports: 16, caBundleCharacters: 60_000, timelineEntries: OnboardingStatus.MaxTimelineEntries) with { Detail = new string('d', 6_000) };

        OnboardingStatus published = status.ForCustomStatus();

        int bytes = System.Text.Encoding.Unicode.GetByteCount(OnboardingDataConverter.Instance.Serialize(published)!);
        Assert.True(bytes <= OnboardingStatus.MaxCustomStatusBytes, $"{bytes} UTF-16 bytes");
        Assert.Equal(status.Stage, published.Stage);
        Assert.Equal([.. status.Endpoints!.Select(e => (e.Name, e.Endpoint))], published.Endpoints!.Select(e => (e.Name, e.Endpoint)));
        Assert.Equal(status.Timeline[0], published.Timeline[0]);
        Assert.Equal(status.Timeline[^1], published.Timeline[^1]);
        Assert.Null(published.Request!.TrustedCaCertificatesPem);
        Assert.Equal(status.Request! with { TrustedCaCertificatesPem = null }, published.Request);
    }

    [Fact]
    public void DestinationEvent_ProjectsTheCurrentStageOfTheDocument()
    {
        var request = new OnboardDestinationInput(
            "dst-pg", DestinationType.AzurePostgreSql, "/subscriptions/s/resourceGroups/rg/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg",
            null, "pg.postgres.database.azure.com", [new PortMapping(5432, null)], true, "T-1", TimeSpan.FromDays(7), "https://tickets.example.com/hook");
        var caller = new Actor("oid-2");
        OnboardingStatus status = OnboardingStatus.Empty
            .Entering(OnboardingStage.AwaitingApproval, "waiting", T0, caller)
            .WithEndpoints([new DestinationEndpoint("pe-onboard-dst-pg", "postgresqlServer", "pg.postgres.database.azure.com", Endpoint("pe-onboard-dst-pg"), null)]);

        DestinationEvent sut = DestinationEvent.From(request, status);

        Assert.Equal($"dst-pg:AwaitingApproval:{T0.Ticks}", sut.EventId);
        Assert.Equal(("T-1", OnboardingStage.AwaitingApproval, "waiting", T0), (sut.TicketId, sut.Stage, sut.Detail, sut.OccurredAtUtc));
        Assert.Equal("https://tickets.example.com/hook", sut.CallbackUrl);
        Assert.Equal(status.Endpoint, sut.Endpoint);
        Assert.Equal(caller, sut.Actor);
    }

    private static PrivateEndpointInfo Endpoint(string name) => new(
        $"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/{name}",
        name,
        "Succeeded",
        ConnectionStatus.Approved,
        "Approved by the customer",
        null,
        ["10.0.0.4"],
        [],
        "dst");

    private static OnboardingStatus Large(int ports, int caBundleCharacters, int timelineEntries)
    {
        string host = new string('h', 60) + ".dfs.core.windows.net";
        var request = new OnboardDestinationInput(
            "dst-lake", DestinationType.AzureDataLakeStorage, "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/lake",
            "dfs", host, [.. Enumerable.Range(0, ports).Select(i => new PortMapping(443 + i, null))], true, "SUP-1", TimeSpan.FromHours(1), null,
            TrustedCaCertificatesPem: caBundleCharacters == 0 ? null : new string('c', caBundleCharacters));
        var actor = new Actor("aaaaaaaa-0000-0000-0000-000000000001", "bbbbbbbb-0000-0000-0000-000000000002", new string('n', 100));
        OnboardingStatus status = OnboardingStatus.Empty with { Request = request };
        for (int i = 0; i < timelineEntries; i++)
        {
            status = status.Entering(i % 2 == 0 ? OnboardingStage.CheckingConnectivity : OnboardingStage.Degraded, "re-checked", T0.AddHours(i), actor);
        }

        ProbeResult[] probes = [.. Enumerable.Range(0, ports).Select(i => Probe(443 + i) with
        {
            Tls = Tls(),
            NameResolution = new NameResolutionResult(host, NameResolutionOutcome.MatchesEndpoint, ["10.0.0.4"], [], "system", $"{host} resolves to the endpoint's private IP 10.0.0.4 via the system resolver"),
        })];
        return status.WithEndpoints(
        [
            new DestinationEndpoint("pe-onboard-dst-lake", "dfs", host, Endpoint("pe-onboard-dst-lake"), probes),
            new DestinationEndpoint("pe-onboard-dst-lake-blob", "blob", host.Replace(".dfs.", ".blob.", StringComparison.Ordinal), Endpoint("pe-onboard-dst-lake-blob"), probes),
        ]);
    }

    private static TlsSessionInfo Tls() =>
        new("Tls13", "TLS_AES_256_GCM_SHA384", "CN=lake.dfs.core.windows.net", "CN=Microsoft Azure RSA TLS Issuing CA 03, O=Microsoft Corporation, C=US", T0.AddDays(200), new string('A', 64), false);

    private static ProbeResult Probe(int port) =>
        new(ProbeStatus.Succeeded, port, ProbeProtocol.Https, "TLS 1.3", null, false, null, new ProbeTimings(0, 1, 0, 2));
}
