using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure;
using Microsoft.Extensions.Time.Testing;
using PrivateLink.ArmEmulator;

namespace PrivateLink.Arm.Tests.Recordings;

/// <summary>
/// Replays a recorded session twice: through the adapter's mapping (does it read what real ARM said with the recorded meaning?)
/// and against a fresh emulator on a fake clock set to the recorded dates (does it answer the same requests with the same status,
/// the same headers present or absent, and every recorded body field?).
/// </summary>
internal sealed partial class RecordingReplay : IAsyncDisposable
{
    public const string RecordedSubscription = "00000000-0000-0000-0000-000000000000";
    private const string RecordedHost = "https://management.azure.com";
    private static readonly string[] ComparedHeaders = ["azure-asyncoperation", "location", "retry-after"];
    private static readonly HashSet<string> IgnoredValues = new(StringComparer.Ordinal) { "etag", "startTime", "linkIdentifier", "resourceGuid" };

    private readonly Dictionary<string, string> operationUrls = new(StringComparer.OrdinalIgnoreCase);
    private string? lastOperationUrl;

    private RecordingReplay(RecordedSession session, ArmEmulatorServer emulator, FakeTimeProvider clock, HttpClient http)
    {
        Session = session;
        Emulator = emulator;
        Clock = clock;
        Http = http;
    }

    public RecordedSession Session { get; }

    public ArmEmulatorServer Emulator { get; }

    public FakeTimeProvider Clock { get; }

    public HttpClient Http { get; }

    /// <summary>Gets what matched, one line per interaction and side.</summary>
    public List<string> Matched { get; } = [];

    /// <summary>Gets what the adapter read differently from the recorded meaning.</summary>
    public List<string> AdapterMismatches { get; } = [];

    /// <summary>Gets where the emulator answered differently from real ARM.</summary>
    public List<string> EmulatorMismatches { get; } = [];

    public static async Task<RecordingReplay> StartAsync(string file, Action<ArmEmulatorOptions>? configure, TimeSpan setupLead, CancellationToken cancellationToken)
    {
        RecordedSession session = RecordedSession.Load(file);
        DateTimeOffset first = session.Interactions.FirstOrDefault(i => i.Date is not null)?.Date ?? new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(first - setupLead);
        var options = new ArmEmulatorOptions { SubscriptionId = RecordedSubscription };
        configure?.Invoke(options);
        ArmEmulatorServer emulator = await ArmEmulatorServer.StartAsync(options, clock, cancellationToken);
        var http = new HttpClient(ArmClientFactory.CreateHandler(emulator.CertificateThumbprint)) { BaseAddress = emulator.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "recorder");
        return new RecordingReplay(session, emulator, clock, http);
    }

    /// <summary>Seeds the targets the recorded endpoints connect to, readable (the recorder owned them), in the endpoints' region.</summary>
    public void SeedTargetsFromEndpoints(Func<string, string>? locationOf = null)
    {
        foreach ((string target, string location) in Session.Interactions
            .SelectMany(i => new[] { i.RequestBody, i.Body })
            .Where(b => b is not null && b.Value.TryGetProperty("properties", out _) && b.Value.TryGetProperty("location", out _))
            .Select(b => (Target: ConnectionOf(b!.Value)?.GetProperty("properties").GetProperty("privateLinkServiceId").GetString(), Location: b!.Value.GetProperty("location").GetString()!))
            .Where(t => t.Target is not null)
            .Select(t => (t.Target!, t.Location))
            .Distinct())
        {
            string type = string.Join('/', target.Split('/')[6..8]);
            if (type.Equals("Microsoft.Network/privateLinkServices", StringComparison.OrdinalIgnoreCase))
            {
                Emulator.SeedPrivateLinkService(target, $"{target.Split('/')[^1]}.{Guid.Empty}.{location}.azure.privatelinkservice", location: location, access: TargetAccess.Readable);
            }
            else
            {
                Emulator.SeedTarget(target, location: locationOf?.Invoke(target) ?? location, access: TargetAccess.Readable);
            }
        }
    }

    /// <summary>Creates, with the equivalent PUT, an endpoint the excerpt shows only after its creation.</summary>
    public async Task CreateLikeAsync(JsonElement recordedEndpoint, string? endpointName, CancellationToken cancellationToken)
    {
        JsonElement connection = ConnectionOf(recordedEndpoint) ?? throw new InvalidOperationException("No connection in the recorded endpoint.");
        bool manual = recordedEndpoint.GetProperty("properties").GetProperty("manualPrivateLinkServiceConnections").GetArrayLength() > 0;
        var connectionProperties = new JsonObject { ["privateLinkServiceId"] = connection.GetProperty("properties").GetProperty("privateLinkServiceId").GetString() };
        if (connection.GetProperty("properties").TryGetProperty("groupIds", out JsonElement groupIds))
        {
            connectionProperties["groupIds"] = JsonNode.Parse(groupIds.GetRawText());
        }

        var body = new JsonObject
        {
            ["location"] = recordedEndpoint.GetProperty("location").GetString(),
            ["properties"] = new JsonObject
            {
                ["subnet"] = new JsonObject { ["id"] = recordedEndpoint.GetProperty("properties").GetProperty("subnet").GetProperty("id").GetString() },
                [manual ? "manualPrivateLinkServiceConnections" : "privateLinkServiceConnections"] = new JsonArray(new JsonObject
                {
                    ["name"] = connection.GetProperty("name").GetString(),
                    ["properties"] = connectionProperties,
                }),
            },
        };
        string id = recordedEndpoint.GetProperty("id").GetString()!;
        if (endpointName is not null)
        {
            id = id[..(id.LastIndexOf('/') + 1)] + endpointName;
        }

        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await Http.PutAsync($"{id}?api-version=2024-05-01", content, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Replays one interaction on both sides.</summary>
    public async Task ReplayAsync(RecordedInteraction interaction, Func<string, string> connectionName, CancellationToken cancellationToken)
    {
        string label = $"#{interaction.Index} {interaction.Method} {Shorten(interaction.Path)}";
        CheckAdapter(interaction, label);

        if (interaction.Date is DateTimeOffset date && date > Clock.GetUtcNow())
        {
            Clock.SetUtcNow(date);
        }
        else
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
        }

        string uri = EmulatorUri(interaction, connectionName);
        using var request = new HttpRequestMessage(new HttpMethod(interaction.Method), uri);
        if (interaction.RequestBody is JsonElement requestBody)
        {
            var node = JsonNode.Parse(requestBody.GetRawText())!.AsObject();
            node.Remove("_excerpt_note");
            request.Content = new StringContent(node.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using HttpResponseMessage response = await Http.SendAsync(request, cancellationToken);
        string text = await response.Content.ReadAsStringAsync(cancellationToken);
        var mismatches = new List<string>();
        if ((int)response.StatusCode != interaction.Status)
        {
            mismatches.Add($"status {(int)response.StatusCode} instead of {interaction.Status} ({Truncate(text)})");
        }

        foreach (string header in ComparedHeaders)
        {
            bool present = response.Headers.TryGetValues(header, out _) || response.Content.Headers.TryGetValues(header, out _);
            if (interaction.Headers.ContainsKey(header) && !present)
            {
                mismatches.Add($"header {header} missing");
            }

            if (interaction.HeadersAbsent.Contains(header, StringComparer.OrdinalIgnoreCase) && present)
            {
                mismatches.Add($"header {header} present, recorded absent");
            }
        }

        if (interaction.Headers.TryGetValue("azure-asyncoperation", out string? recordedOperation) && response.Headers.TryGetValues("Azure-AsyncOperation", out IEnumerable<string>? values))
        {
            string emulated = values.Single();
            operationUrls[PathOf(recordedOperation)] = emulated;
            lastOperationUrl = emulated;
            if (recordedOperation.Contains("/providers/Microsoft.Network/locations/", StringComparison.Ordinal)
                && !emulated.Contains($"/providers/Microsoft.Network/locations/", StringComparison.Ordinal))
            {
                mismatches.Add("operation URL not on /providers/Microsoft.Network/locations/{loc}/operations/");
            }
        }

        if (interaction.Body is JsonElement recordedBody)
        {
            JsonNode? actual = string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text);
            Compare(recordedBody, actual, "body", mismatches);
        }

        if (mismatches.Count == 0)
        {
            Matched.Add($"emulator {label}: status {interaction.Status}, headers, {CountFields(interaction.Body)} body fields");
        }
        else
        {
            EmulatorMismatches.AddRange(mismatches.Select(m => $"{label}: {m}"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync();
    }

    internal static JsonElement? ConnectionOf(JsonElement endpoint)
    {
        JsonElement properties = endpoint.GetProperty("properties");
        foreach (string name in (string[])["manualPrivateLinkServiceConnections", "privateLinkServiceConnections"])
        {
            if (properties.TryGetProperty(name, out JsonElement list) && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0)
            {
                return list[0];
            }
        }

        return null;
    }

    /// <summary>The adapter's reading of the recorded answer, against what the recording means.</summary>
    private void CheckAdapter(RecordedInteraction interaction, string label)
    {
        var problems = new List<string>();
        string what;
        JsonElement? body = interaction.Body;
        if (interaction.Status >= 400 && body?.TryGetProperty("error", out JsonElement error) == true)
        {
            string code = error.GetProperty("code").GetString()!;
            Exception mapped = ArmErrors.Map(new RequestFailedException(interaction.Status, error.GetProperty("message").GetString()!, code, null), DateTimeOffset.UnixEpoch);
            what = $"error {code} → {mapped.GetType().Name}";
            if (mapped is not ArmRequestException { ErrorCode: var mappedCode } || mappedCode != code)
            {
                problems.Add($"{code} mapped to {mapped.GetType().Name}");
            }
        }
        else if (PrivateEndpointPath().IsMatch(interaction.Path) && body is JsonElement endpoint && endpoint.TryGetProperty("properties", out JsonElement properties))
        {
            PrivateEndpointInfo info = PrivateEndpointMapper.FromResource(endpoint);
            JsonElement connectionState = ConnectionOf(endpoint)!.Value.GetProperty("properties").GetProperty("privateLinkServiceConnectionState");
            List<string> fqdns = [], addresses = [];
            foreach (JsonElement dns in properties.TryGetProperty("customDnsConfigs", out JsonElement d) ? d.EnumerateArray() : Enumerable.Empty<JsonElement>())
            {
                fqdns.Add(dns.GetProperty("fqdn").GetString()!);
                addresses.AddRange(dns.GetProperty("ipAddresses").EnumerateArray().Select(ip => ip.GetString()!));
            }

            Expect(problems, "provisioningState", properties.GetProperty("provisioningState").GetString(), info.ProvisioningState);
            Expect(problems, "status", connectionState.GetProperty("status").GetString(), info.ConnectionStatus.ToString());
            Expect(problems, "description", connectionState.TryGetProperty("description", out JsonElement desc) ? desc.GetString() : null, info.ConnectionDescription);
            Expect(problems, "fqdns", string.Join(',', fqdns), string.Join(',', info.Fqdns));
            Expect(problems, "addresses", string.Join(',', addresses), string.Join(',', info.PrivateIpAddresses));
            Expect(problems, "nic", properties.GetProperty("networkInterfaces")[0].GetProperty("id").GetString(), info.NetworkInterfaceId);
            what = $"endpoint {info.ProvisioningState}/{info.ConnectionStatus}, {info.PrivateIpAddresses.Count} addresses{(info.PrivateIpAddresses.Count == 0 ? " (NIC read needed)" : string.Empty)}";
            if (interaction.Headers.TryGetValue("azure-asyncoperation", out string? operation))
            {
                bool accepted = ArmPrivateEndpointClient.IsOnArmEndpoint(new Uri(RecordedHost), operation, out _);
                what += accepted ? ", operation URL accepted for polling" : string.Empty;
                if (!accepted)
                {
                    problems.Add($"operation URL {operation} refused");
                }
            }
        }
        else if ((body is JsonElement poll && poll.EnumerateObject().Select(p => p.Name).SequenceEqual(["status"]) && interaction.Path.Contains("/providers/Microsoft.Network/", StringComparison.Ordinal)) || (body is JsonElement p2 && !interaction.Uri.StartsWith("https", StringComparison.Ordinal) && p2.TryGetProperty("status", out _)))
        {
            OperationStatus status = ArmPrivateEndpointClient.ParseOperationStatus(body!.Value, interaction.Headers.ContainsKey("retry-after") ? TimeSpan.FromSeconds(1) : null);
            string recorded = body.Value.GetProperty("status").GetString()!;
            Expect(problems, "state", recorded, status.State.ToString());
            if (status.RetryAfter is not null)
            {
                problems.Add("Retry-After invented");
            }

            what = $"operation {status.State}, no Retry-After";
        }
        else if (interaction.Path.EndsWith("/privateLinkResources", StringComparison.Ordinal) && body is JsonElement list)
        {
            IReadOnlyList<string> groupIds = TargetMapper.GroupIds(list);
            List<string> recorded = list.GetProperty("value").EnumerateArray().Select(v => v.GetProperty("properties").GetProperty("groupId").GetString()!).ToList();
            Expect(problems, "groupIds", string.Join(',', recorded), string.Join(',', groupIds));
            what = $"groupIds {string.Join(',', groupIds)}";
        }
        else
        {
            return; // Provider-side connection calls: the customer's, never made nor read by the adapter.
        }

        if (problems.Count == 0)
        {
            Matched.Add($"adapter {label}: {what}");
        }
        else
        {
            AdapterMismatches.AddRange(problems.Select(p => $"{label}: {p}"));
        }
    }

    private static void Expect(List<string> problems, string what, string? expected, string? actual)
    {
        if (!string.Equals(expected ?? string.Empty, actual ?? string.Empty, StringComparison.Ordinal))
        {
            problems.Add($"{what} '{actual}' instead of '{expected}'");
        }
    }

    private string EmulatorUri(RecordedInteraction interaction, Func<string, string> connectionName)
    {
        if (!interaction.Uri.StartsWith("https://", StringComparison.Ordinal))
        {
            return lastOperationUrl ?? throw new InvalidOperationException($"#{interaction.Index} repeats an operation URL no earlier answer gave.");
        }

        if (operationUrls.TryGetValue(PathOf(interaction.Uri), out string? mapped))
        {
            return mapped;
        }

        string path = ConnectionNamePath().Replace(new Uri(interaction.Uri).PathAndQuery, m => m.Groups[1].Value + connectionName(m.Groups[2].Value));
        return new Uri(Emulator.BaseAddress, path).AbsoluteUri;
    }

    private void Compare(JsonElement recorded, JsonNode? actual, string path, List<string> mismatches)
    {
        switch (recorded.ValueKind)
        {
            case JsonValueKind.Object:
                if (actual is not JsonObject obj)
                {
                    mismatches.Add($"{path}: object expected, got {Truncate(actual?.ToJsonString())}");
                    return;
                }

                foreach (JsonProperty property in recorded.EnumerateObject())
                {
                    if (property.Name.StartsWith("_excerpt", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    if (!obj.TryGetPropertyValue(property.Name, out JsonNode? value))
                    {
                        mismatches.Add($"{path}.{property.Name} missing");
                    }
                    else if (!IgnoredValues.Contains(property.Name))
                    {
                        Compare(property.Value, value, $"{path}.{property.Name}", mismatches);
                    }
                }

                break;
            case JsonValueKind.Array:
                if (actual is not JsonArray array || array.Count != recorded.GetArrayLength())
                {
                    mismatches.Add($"{path}: {recorded.GetArrayLength()} items expected, got {Truncate(actual?.ToJsonString())}");
                    return;
                }

                for (int i = 0; i < array.Count; i++)
                {
                    Compare(recorded[i], array[i], $"{path}[{i}]", mismatches);
                }

                break;
            case JsonValueKind.String:
                string expected = Normalize(recorded.GetString()!);
                string? got = actual is JsonValue v && v.TryGetValue(out string? s) ? Normalize(s) : null;
                if (!string.Equals(expected, got, StringComparison.Ordinal))
                {
                    mismatches.Add($"{path}: '{got ?? actual?.ToJsonString() ?? "null"}' instead of '{expected}'");
                }

                break;
            case JsonValueKind.Null:
                if (actual is not null)
                {
                    mismatches.Add($"{path}: {actual.ToJsonString()} instead of null");
                }

                break;
            default:
                if (actual is null || !string.Equals(recorded.GetRawText(), actual.ToJsonString(), StringComparison.Ordinal))
                {
                    mismatches.Add($"{path}: {actual?.ToJsonString() ?? "null"} instead of {recorded.GetRawText()}");
                }

                break;
        }
    }

    private string Normalize(string value) =>
        GuidPattern().Replace(value.Replace(Emulator.BaseAddress.AbsoluteUri.TrimEnd('/'), RecordedHost, StringComparison.OrdinalIgnoreCase), "<guid>");

    private static string PathOf(string url) => url.StartsWith("https://", StringComparison.Ordinal) ? new Uri(url).AbsolutePath : url;

    private static int CountFields(JsonElement? body) => body is not JsonElement b ? 0 : b.ValueKind switch
    {
        JsonValueKind.Object => b.EnumerateObject().Sum(p => 1 + CountFields(p.Value)),
        JsonValueKind.Array => b.EnumerateArray().Sum(e => CountFields(e)),
        _ => 0,
    };

    private static string Shorten(string path) => path.Length == 0 ? "(repeated operation URL)" : Regex.Replace(path, "^/subscriptions/[^/]+(/resourceGroups/[^/]+)?", string.Empty);

    private static string Truncate(string? text) => text is null ? "nothing" : text.Length <= 160 ? text : text[..160] + "…";

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex GuidPattern();

    [GeneratedRegex("/providers/Microsoft\\.Network/privateEndpoints/[^/]+$")]
    private static partial Regex PrivateEndpointPath();

    [GeneratedRegex("(/privateEndpointConnections/)([^/?]+)")]
    private static partial Regex ConnectionNamePath();
}
