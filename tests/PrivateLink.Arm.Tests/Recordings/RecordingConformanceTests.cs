using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace PrivateLink.Arm.Tests.Recordings;

/// <summary>
/// One test per real recorded ARM session (Azure CLI test cassettes, read from <c>PL_ARM_RECORDINGS</c> or the recordings folder beside the repository): the adapter
/// reads every recorded answer with its recorded meaning, and the emulator, on its defaults, answers the same requests the same way.
/// </summary>
/// <remarks>
/// The emulator runs on a fake clock set to each recorded <c>date</c>, so operations end when they ended in the recording; the only
/// per-recording setting is the operation's duration, which real ARM varies (22 s to 8 minutes in these sessions). Endpoints the
/// excerpt shows only after their creation are first created with the equivalent PUT. Differences the emulator cannot model are
/// listed per test with the reason, and the test fails if one disappears (so the list stays true) or a new one appears.
/// </remarks>
public sealed partial class RecordingConformanceTests(ITestOutputHelper output)
{
    private readonly CancellationToken timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    [RecordingFact]
    public Task PrivateLinkService_AutoApprovedEndpoint() => RunAsync(
        "pls-auto-approved-endpoint.json",
        o => o.OperationDuration = TimeSpan.FromSeconds(30),
        setup: null,
        knownGaps: [],
        before: new()
        {
            // The excerpt rejects a second endpoint created off-excerpt after the list: create it the same way first.
            [7] = replay => replay.CreateLikeAsync(replay.Session.Interactions[0].Body!.Value, "cli-test-endpoint-000009", timeout),
        });

    [RecordingFact]
    public Task PostgreSqlSingleServer_ManualApproval() => RunAsync(
        "postgres-single-manual-approval.json",
        o => o.OperationDuration = TimeSpan.FromSeconds(15),
        setup: null,
        knownGaps: []);

    [RecordingFact]
    public Task Storage_BlobEndpoint2025() => RunAsync(
        "storage-blob-endpoint-2025.json",
        o => o.OperationDuration = TimeSpan.FromSeconds(20),
        setup: null,
        knownGaps: []);

    [RecordingFact]
    public Task CosmosDb_SqlEndpoint() => RunAsync(
        "cosmosdb-sql-endpoint.json",
        configure: null,
        async replay =>
        {
            // The ~8-minute create happened before the excerpt: create it with the default Cosmos DB duration, then let it run.
            await replay.CreateLikeAsync(replay.Session.Interactions[0].Body!.Value, null, timeout);
        },
        knownGaps: [],
        setupLead: TimeSpan.FromMinutes(9),
        targetLocation: "westus",
        before: new()
        {
            // The reject PUT is not in the excerpt; the note says the GETs at 09:45:31 and 09:45:43 still said Approved.
            [3] = replay => RejectCosmosAsync(replay),
        });

    [RecordingFact]
    public Task Sql_ServerEndpoint() => RunAsync(
        "sql-server-endpoint.json",
        o => o.OperationDuration = TimeSpan.FromSeconds(30),
        setup: null,
        knownGaps: []);

    [RecordingFact]
    public Task Synapse_SqlEndpoint() => RunAsync(
        "synapse-sql-endpoint.json",
        configure: null,
        async replay => await replay.CreateLikeAsync(replay.Session.Interactions[0].Body!.Value, null, timeout),
        knownGaps: [],
        setupLead: TimeSpan.FromMinutes(2));

    [RecordingFact]
    public Task ServiceBus_NamespaceEndpoint() => RunAsync(
        "servicebus-namespace-endpoint.json",
        o => o.OperationDuration = TimeSpan.FromSeconds(70),
        setup: null,
        knownGaps: [],
        setupLead: TimeSpan.FromSeconds(72),
        targetLocation: "eastus");

    private async Task RejectCosmosAsync(RecordingReplay replay)
    {
        replay.Clock.SetUtcNow(new DateTimeOffset(2020, 12, 16, 9, 45, 30, TimeSpan.Zero));
        string connection = replay.Session.Interactions[1].Path;
        using var body = new StringContent(
            """{"properties":{"privateLinkServiceConnectionState":{"status":"Rejected","description":"You are rejected!"}}}""",
            System.Text.Encoding.UTF8,
            "application/json");
        using HttpResponseMessage response = await replay.Http.PutAsync($"{connection}?api-version=2019-08-01-preview", body, timeout);
        Assert.Equal(202, (int)response.StatusCode);
    }

    private async Task RunAsync(
        string file,
        Action<PrivateLink.ArmEmulator.ArmEmulatorOptions>? configure,
        Func<RecordingReplay, Task>? setup,
        string[] knownGaps,
        TimeSpan? setupLead = null,
        Dictionary<int, Func<RecordingReplay, Task>>? before = null,
        string? targetLocation = null)
    {
        await using RecordingReplay replay = await RecordingReplay.StartAsync(file, configure, setupLead ?? TimeSpan.FromSeconds(1), timeout);

        // The target's region when it differs from the endpoint's (Cosmos DB's regional FQDN, Service Bus's connection location).
        replay.SeedTargetsFromEndpoints(targetLocation is null ? null : _ => targetLocation);
        if (setup is not null)
        {
            await setup(replay);
        }

        foreach (RecordedInteraction interaction in replay.Session.Interactions)
        {
            if (before?.TryGetValue(interaction.Index, out Func<RecordingReplay, Task>? step) == true)
            {
                await step(replay);
            }

            await replay.ReplayAsync(interaction, recorded => ConnectionName(replay, recorded), timeout);
        }

        foreach (string line in replay.Matched)
        {
            output.WriteLine($"matched  {line}");
        }

        foreach (string line in replay.AdapterMismatches.Concat(replay.EmulatorMismatches))
        {
            output.WriteLine($"differs  {line}");
        }

        Assert.Empty(replay.AdapterMismatches);
        Assert.Equal(knownGaps, replay.EmulatorMismatches);
    }

    /// <summary>Maps a recorded provider-side connection name (with the recorder's GUID) to the emulator's for the same endpoint.</summary>
    private static string ConnectionName(RecordingReplay replay, string recorded)
    {
        Match dash = DashGuid().Match(recorded);
        Match dot = DotGuid().Match(recorded);
        string? endpoint = dash.Success ? dash.Groups[1].Value
            : dot.Success && replay.Emulator.PrivateEndpointExists(dot.Groups[1].Value) ? dot.Groups[1].Value
            : replay.Emulator.PrivateEndpointExists(recorded) ? recorded
            : null;

        // Storage ({account}.{guid}) and Service Bus ({guid}) names say nothing of the endpoint: the session has one.
        endpoint ??= replay.Session.Interactions
            .Select(i => Regex.Match(i.Path, "/privateEndpoints/([^/]+)$"))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .FirstOrDefault(replay.Emulator.PrivateEndpointExists);
        return endpoint is null ? recorded : replay.Emulator.GetTargetConnectionName(endpoint) ?? recorded;
    }

    [GeneratedRegex("^(.+)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex DashGuid();

    [GeneratedRegex("^([^.]+)\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex DotGuid();
}
