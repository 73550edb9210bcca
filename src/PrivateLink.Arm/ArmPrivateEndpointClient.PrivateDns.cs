using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Microsoft.Extensions.Logging;

namespace PrivateLink.Arm;

/// <summary><see cref="IPrivateDnsClient"/>: <c>privateDnsZoneGroups</c> on endpoints (Network api-version) and A record sets in <c>privateDnsZones</c> (the private DNS api-version).</summary>
internal sealed partial class ArmPrivateEndpointClient
{
    /// <summary>The zone group's name: one per endpoint, as the portal names it.</summary>
    public const string ZoneGroupName = "default";

    /// <inheritdoc/>
    public async Task<PrivateEndpointOperation> BeginSetPrivateDnsZoneGroupAsync(string endpointName, IReadOnlyList<string> zoneNames, CancellationToken cancellationToken)
    {
        ValidateEndpointName(endpointName, nameof(endpointName));
        ArgumentNullException.ThrowIfNull(zoneNames);
        ArgumentOutOfRangeException.ThrowIfZero(zoneNames.Count, nameof(zoneNames));
        var configs = new JsonArray();
        foreach (string zone in zoneNames.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            configs.Add(new JsonObject
            {
                ["name"] = zone.Replace('.', '-'),
                ["properties"] = new JsonObject { ["privateDnsZoneId"] = ZoneId(zone) },
            });
        }

        var body = new JsonObject { ["properties"] = new JsonObject { ["privateDnsZoneConfigs"] = configs } };
        string path = $"{PrivateEndpointId(endpointName)}/privateDnsZoneGroups/{ZoneGroupName}";
        await writeLimiter.AcquireAsync(cancellationToken).ConfigureAwait(false);
        Response response = await CallAsync("PUT", path, () =>
            rawClient.SendAsync(RequestMethod.Put, rawClient.Url(path, ArmApiVersions.Network), BinaryData.FromString(body.ToJsonString()), cancellationToken)).ConfigureAwait(false);
        string? statusUrl = response.Headers.TryGetValue(AsyncOperationHeader, out string? url) && !string.IsNullOrEmpty(url) ? url : null;
        PrivateDnsLog.ZoneGroupPut(logger, endpointName, string.Join(",", zoneNames), response.Status);
        return new PrivateEndpointOperation(endpointName, PrivateEndpointOperationKind.SetDnsZoneGroup, statusUrl);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<PrivateDnsRecord>?> GetPrivateDnsZoneGroupRecordsAsync(string endpointName, CancellationToken cancellationToken)
    {
        ValidateEndpointName(endpointName, nameof(endpointName));
        string path = $"{PrivateEndpointId(endpointName)}/privateDnsZoneGroups/{ZoneGroupName}";
        using JsonDocument? document = await CallAsync("GET", path, async () =>
        {
            try
            {
                return await rawClient.GetJsonAsync(rawClient.Url(path, ArmApiVersions.Network), cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                return null;
            }
        }).ConfigureAwait(false);
        return document is null ? null : ZoneGroupRecords(document.RootElement);
    }

    /// <inheritdoc/>
    public async Task<PrivateDnsRecord> SetARecordAsync(string zoneName, string recordSetName, IReadOnlyList<string> ipAddresses, string destinationId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(zoneName);
        ArgumentException.ThrowIfNullOrEmpty(recordSetName);
        ArgumentNullException.ThrowIfNull(ipAddresses);
        var aRecords = new JsonArray();
        foreach (string ip in ipAddresses)
        {
            aRecords.Add(new JsonObject { ["ipv4Address"] = ip });
        }

        var body = new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["ttl"] = dnsOptions.RecordTtlSeconds,
                ["aRecords"] = aRecords,
                ["metadata"] = new JsonObject { [ArmTags.Owner] = options.OwnerTag, [ArmTags.Destination] = destinationId },
            },
        };
        string path = $"{ZoneId(zoneName)}/A/{recordSetName}";
        await writeLimiter.AcquireAsync(cancellationToken).ConfigureAwait(false);
        Response response = await CallAsync("PUT", path, () =>
            rawClient.SendAsync(RequestMethod.Put, rawClient.Url(path, ArmApiVersions.PrivateDns), BinaryData.FromString(body.ToJsonString()), cancellationToken)).ConfigureAwait(false);
        PrivateDnsLog.RecordWritten(logger, recordSetName, zoneName, destinationId, response.Status);
        return new PrivateDnsRecord($"{recordSetName}.{zoneName}".ToLowerInvariant(), ipAddresses, zoneName, recordSetName);
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteARecordAsync(string zoneName, string recordSetName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(zoneName);
        ArgumentException.ThrowIfNullOrEmpty(recordSetName);
        string path = $"{ZoneId(zoneName)}/A/{recordSetName}";
        await writeLimiter.AcquireAsync(cancellationToken).ConfigureAwait(false);
        Response? response = await CallAsync("DELETE", path, async () =>
        {
            try
            {
                return await rawClient.SendAsync(RequestMethod.Delete, rawClient.Url(path, ArmApiVersions.PrivateDns), null, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                return null;
            }
        }).ConfigureAwait(false);
        bool deleted = response is not null && response.Status != 204;
        PrivateDnsLog.RecordDeleted(logger, recordSetName, zoneName, deleted);
        return deleted;
    }

    /// <summary>Reads <c>properties.privateDnsZoneConfigs[].properties.recordSets[]</c> of a zone group.</summary>
    internal static List<PrivateDnsRecord> ZoneGroupRecords(JsonElement group)
    {
        var records = new List<PrivateDnsRecord>();
        if (!group.TryGetProperty("properties", out JsonElement properties) || !properties.TryGetProperty("privateDnsZoneConfigs", out JsonElement configs) || configs.ValueKind != JsonValueKind.Array)
        {
            return records;
        }

        foreach (JsonElement config in configs.EnumerateArray())
        {
            if (!config.TryGetProperty("properties", out JsonElement configProperties))
            {
                continue;
            }

            string zone = configProperties.TryGetProperty("privateDnsZoneId", out JsonElement zoneId) && zoneId.GetString() is { } id ? id[(id.LastIndexOf('/') + 1)..] : string.Empty;
            if (!configProperties.TryGetProperty("recordSets", out JsonElement recordSets) || recordSets.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (JsonElement recordSet in recordSets.EnumerateArray())
            {
                string? fqdn = recordSet.TryGetProperty("fqdn", out JsonElement f) ? f.GetString() : null;
                string name = recordSet.TryGetProperty("recordSetName", out JsonElement n) ? n.GetString() ?? string.Empty : string.Empty;
                List<string> ips = recordSet.TryGetProperty("ipAddresses", out JsonElement list) && list.ValueKind == JsonValueKind.Array
                    ? list.EnumerateArray().Select(ip => ip.GetString()).OfType<string>().ToList()
                    : [];
                if (fqdn is { Length: > 0 })
                {
                    records.Add(new PrivateDnsRecord(fqdn.TrimEnd('.'), ips, zone, name));
                }
            }
        }

        return records;
    }

    private string ZoneId(string zoneName) =>
        $"/subscriptions/{(string.IsNullOrEmpty(dnsOptions.ZoneSubscriptionId) ? options.SubscriptionId : dnsOptions.ZoneSubscriptionId)}/resourceGroups/{(string.IsNullOrEmpty(dnsOptions.ZoneResourceGroup) ? options.ResourceGroup : dnsOptions.ZoneResourceGroup)}/providers/Microsoft.Network/privateDnsZones/{zoneName}";
}
