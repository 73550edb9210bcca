using System.Text.Json;
using PrivateLink.Arm;
using PrivateLink.Connectivity;
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
    public void CustomStatusJson_CarriesTheProjectionsAndReadsBackToTheSameDocument()
    {
        OnboardingStatus status = OnboardingStatus.Empty
            .Entering(OnboardingStage.Ready, "all ports answered", T0, new Actor("oid-1"))
            .WithEndpoints([new DestinationEndpoint("pe-onboard-pg", "postgresqlServer", "pg.postgres.database.azure.com", Endpoint("pe-onboard-pg"), [Probe(5432)])]);

        string json = OnboardingDataConverter.Instance.Serialize(status)!;
        OnboardingStatus back = OnboardingDataConverter.Instance.Deserialize<OnboardingStatus>(json)!;
        using JsonDocument document = JsonDocument.Parse(json);

        Assert.Equal("Approved", document.RootElement.GetProperty("endpoint").GetProperty("connectionStatus").GetString());
        Assert.Equal(5432, document.RootElement.GetProperty("probes")[0].GetProperty("port").GetInt32());
        Assert.False(document.RootElement.TryGetProperty("actor", out _)); // the actor is on the timeline entry
        Assert.Equal(status.Stage, back.Stage);
        Assert.Equal(status.Timeline, back.Timeline);
        Assert.Equal(status.Endpoint! with { PrivateIpAddresses = [], Fqdns = [] }, back.Endpoint! with { PrivateIpAddresses = [], Fqdns = [] });
        Assert.Equal(["10.0.0.4"], back.Endpoint!.PrivateIpAddresses);
        Assert.Equal(status.Probes, back.Probes);
        Assert.Equal(json, OnboardingDataConverter.Instance.Serialize(back));
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

    private static ProbeResult Probe(int port) =>
        new(ProbeStatus.Succeeded, port, ProbeProtocol.Https, "TLS 1.3", null, false, null, new ProbeTimings(0, 1, 0, 2));
}
