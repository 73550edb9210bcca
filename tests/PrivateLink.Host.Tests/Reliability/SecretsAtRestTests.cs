using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using PrivateLink.Onboarding.Orchestration;
using Xunit.Abstractions;

namespace PrivateLink.Host.Tests.Reliability;

/// <summary>
/// Onboardings run on Azurite with every secret the runner holds configured (the storage AccountKey, the webhook
/// signing secret, the ARM bearer token); afterwards no secret value appears in the task hub's tables and blobs, the webhook
/// replay table, or any log line the runner wrote (captured at Trace).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SecretsAtRestTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string WebhookSecret = "whsec_c2VjcmV0LWtleS1tdXN0LW5ldmVyLWJlLXN0b3JlZA==";
    private const string EmulatorBearerToken = "emulator-token"; // EmulatorTokenCredential's fixed token
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));
    private readonly AzuriteTaskHub _hub = new("secrets");
    private OnboardingWorld _world = null!;

    public async Task InitializeAsync() => _world = await OnboardingWorld.StartAsync(_timeout.Token);

    public async Task DisposeAsync()
    {
        await _world.DisposeAsync();
        await _hub.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task Onboardings_WithSecretsConfigured_NoSecretInTaskHubStorageOrLogs()
    {
        CancellationToken ct = _timeout.Token;
        string connection = _hub.ConnectionString;
        string accountKey = connection.Split(';').Select(p => p.Split('=', 2)).Single(p => p[0] == "AccountKey")[1];
        string replayTable = "replay" + _hub.Name;
        Dictionary<string, string?> settings = _world.ArmSettings();
        foreach ((string key, string? value) in _hub.Settings())
        {
            settings[key] = value;
        }

        settings["Webhooks:Generic:SigningSecret"] = WebhookSecret;
        settings["Webhooks:Replay:TableName"] = replayTable;
        string[] viaApi = [.. Enumerable.Range(0, 4).Select(i => $"secret-api-{i}")];
        string[] viaWebhook = [.. Enumerable.Range(0, 4).Select(i => $"secret-hook-{i}")];
        string[] all = [.. viaApi, .. viaWebhook];
        IReadOnlyList<string> logLines;

        await using (InProcessRunner runner = await InProcessRunner.StartAsync(settings, ct, LogLevel.Trace))
        {
            try
            {
                await _world.SubmitAllAsync(runner.Http, viaApi, ct);
            }
            catch (Exception)
            {
                output.WriteLine(string.Join("\n", runner.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal))));
                throw;
            }

            foreach (string id in viaWebhook)
            {
                using HttpResponseMessage accepted = await runner.Http.SendAsync(SignedWebhook(_world.Request(id).ToJsonString(), "msg_" + id), ct);
                Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            }

            await OnboardingWorld.WaitUntilAsync(runner.Http, v => OnboardingWorld.CountIn(v, all, OnboardingStage.AwaitingApproval) == all.Length, "all wait for approval", ct);
            foreach (string id in all)
            {
                Assert.True(_world.Emulator.ApproveConnection(OnboardingWorld.EndpointName(id)));
                using HttpResponseMessage notified = await runner.Http.PostAsync($"/api/onboardings/{id}/approval", null, ct);
                Assert.Equal(HttpStatusCode.Accepted, notified.StatusCode);
            }

            await OnboardingWorld.WaitUntilAsync(runner.Http, v => OnboardingWorld.CountIn(v, all, OnboardingStage.Ready) == all.Length, "all are Ready", ct);
            logLines = runner.Logs.Lines;
        }

        (string Name, string Value)[] secrets =
        [
            ("storage AccountKey", accountKey),
            ("webhook signing secret", WebhookSecret),
            ("webhook signing key (base64)", WebhookSecret["whsec_".Length..]),
            ("ARM bearer token", EmulatorBearerToken),
        ];
        List<(string Where, string Text)> stored = await ReadStoredAsync(connection, replayTable, ct);
        var findings = new List<string>();
        foreach ((string name, string value) in secrets)
        {
            findings.AddRange(stored.Where(s => s.Text.Contains(value, StringComparison.Ordinal)).Select(s => $"{name} in {s.Where}"));
            findings.AddRange(logLines.Where(l => l.Contains(value, StringComparison.Ordinal)).Select(l => $"{name} in log: {l[..Math.Min(l.Length, 300)]}"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"scanned {stored.Count} stored items ({stored.Sum(s => s.Text.Length)} chars) and {logLines.Count} log lines for {secrets.Length} secrets"));
        Assert.Contains(stored, s => s.Where.Contains("History", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(stored, s => s.Where.StartsWith(replayTable, StringComparison.Ordinal));
        Assert.Contains(logLines, l => l.Contains("secret-hook-0", StringComparison.Ordinal));
        Assert.Empty(findings);
    }

    private async Task<List<(string Where, string Text)>> ReadStoredAsync(string connection, string replayTable, CancellationToken ct)
    {
        var stored = new List<(string, string)>();
        var tables = new TableServiceClient(connection);
        await foreach (TableItem table in tables.QueryAsync(cancellationToken: ct))
        {
            if (!table.Name.StartsWith(_hub.Name, StringComparison.OrdinalIgnoreCase) && table.Name != replayTable)
            {
                continue;
            }

            await foreach (TableEntity entity in tables.GetTableClient(table.Name).QueryAsync<TableEntity>(cancellationToken: ct))
            {
                string text = string.Join("\n", entity.Select(p => $"{p.Key}={(p.Value is byte[] bytes ? Decode(bytes) : Convert.ToString(p.Value, CultureInfo.InvariantCulture))}"));
                stored.Add(($"{table.Name}/{entity.PartitionKey}/{entity.RowKey}", text));
            }
        }

        var blobs = new BlobServiceClient(connection);
        await foreach (BlobContainerItem container in blobs.GetBlobContainersAsync(cancellationToken: ct))
        {
            if (!container.Name.StartsWith(_hub.Name.ToLowerInvariant(), StringComparison.Ordinal))
            {
                continue;
            }

            BlobContainerClient client = blobs.GetBlobContainerClient(container.Name);
            await foreach (BlobItem blob in client.GetBlobsAsync(cancellationToken: ct))
            {
                try
                {
                    BinaryData content = (await client.GetBlobClient(blob.Name).DownloadContentAsync(ct)).Value.Content;
                    stored.Add(($"blob {container.Name}/{blob.Name}", Decode(content.ToArray())));
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                    // deleted while listing
                }
            }
        }

        return stored;
    }

    // Large messages are stored gzip-compressed: scan the decompressed text as well as the raw bytes.
    private static string Decode(byte[] bytes)
    {
        if (bytes is [0x1f, 0x8b, ..])
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var reader = new StreamReader(gzip, Encoding.UTF8);
            return reader.ReadToEnd();
        }

        return Encoding.UTF8.GetString(bytes);
    }

    private static HttpRequestMessage SignedWebhook(string body, string id)
    {
        long seconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        byte[] key = Convert.FromBase64String(WebhookSecret["whsec_".Length..]);
        string signature = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{seconds}.{body}")));
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/tickets") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", seconds.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", signature);
        return request;
    }
}
