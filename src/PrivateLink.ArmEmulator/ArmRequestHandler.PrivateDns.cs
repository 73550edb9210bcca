using System.Globalization;
using System.Text.Json.Nodes;

namespace PrivateLink.ArmEmulator;

/// <summary>
/// Private DNS as Azure answers it: <c>{pe}/privateDnsZoneGroups/{name}</c> (PUT 201/200 with <c>Azure-AsyncOperation</c>, the A records
/// written when the operation ends; GET; DELETE 202, records removed; gone with its endpoint) and <c>privateDnsZones/{zone}/A/{name}</c>
/// record sets (synchronous PUT 201/200, GET, DELETE 200/204).
/// </summary>
internal sealed partial class ArmRequestHandler
{
    private const string ZoneGroupType = "Microsoft.Network/privateEndpoints/privateDnsZoneGroups";

    /// <summary>The TTL Azure gives the records of a zone group.</summary>
    private const int ZoneGroupRecordTtl = 10;

    private ArmReply RoutePrivateDns(string method, string path, string[] s, JsonObject? body)
    {
        string resourceGroupPrefix = $"/subscriptions/{s[1]}/resourceGroups/{s[3]}";
        if (s.Length == 10 && string.Equals(s[6], "privateEndpoints", StringComparison.OrdinalIgnoreCase))
        {
            string endpointId = $"{resourceGroupPrefix}/providers/{TargetCatalog.PrivateEndpointType}/{s[7]}";
            return method switch
            {
                "GET" => GetZoneGroup(endpointId, s[9]),
                "PUT" => PutZoneGroup(endpointId, s[9], body!),
                "DELETE" => DeleteZoneGroup(endpointId, s[9]),
                _ => MethodNotAllowed(method, path),
            };
        }

        string zoneId = $"{resourceGroupPrefix}/providers/{TargetCatalog.PrivateDnsZoneType}/{s[7]}";
        if (!ZoneExists(zoneId))
        {
            return s.Length == 8
                ? MissingInResourceGroup(zoneId, TargetCatalog.PrivateDnsZoneType)
                : ArmReply.Error(404, "ParentResourceNotFound", $"Can not perform requested operation on nested resource. Parent resource '{s[7]}' not found.");
        }

        if (s.Length == 8)
        {
            return method == "GET"
                ? new ArmReply(200, new JsonObject { ["id"] = zoneId, ["name"] = s[7], ["type"] = TargetCatalog.PrivateDnsZoneType, ["location"] = "global", ["properties"] = new JsonObject { ["provisioningState"] = "Succeeded" } })
                : MethodNotAllowed(method, path);
        }

        Dictionary<string, List<string>> records = state.DnsZones[zoneId];
        string name = s[9].ToLowerInvariant();
        switch (method)
        {
            case "GET":
                return records.TryGetValue(name, out List<string>? found)
                    ? new ArmReply(200, RecordSet(zoneId, s[7], name, found, ttl: 3600))
                    : ArmReply.Error(404, "NotFound", $"The resource record '{name}' does not exist in resource group '{s[3]}' of subscription '{s[1]}'.");
            case "PUT":
                List<string> addresses = [];
                if (body!["properties"]?["aRecords"] is JsonArray aRecords)
                {
                    foreach (JsonNode? record in aRecords)
                    {
                        if (record?["ipv4Address"]?.GetValue<string>() is { Length: > 0 } ip && System.Net.IPAddress.TryParse(ip, out _))
                        {
                            addresses.Add(ip);
                        }
                        else
                        {
                            return ArmReply.Error(400, "BadRequest", "The value of 'ipv4Address' is not a valid IPv4 address.");
                        }
                    }
                }

                bool existed = records.ContainsKey(name);
                records[name] = addresses;
                int ttl = body["properties"]?["ttl"]?.GetValue<int>() ?? 3600;
                return new ArmReply(existed ? 200 : 201, RecordSet(zoneId, s[7], name, addresses, ttl), WriteHeaders);
            case "DELETE":
                return new ArmReply(records.Remove(name) ? 200 : 204, null, WriteHeaders);
            default:
                return MethodNotAllowed(method, path);
        }
    }

    /// <summary>A zone exists when something created it, or when it is one of <see cref="ArmEmulatorOptions.PrivateDnsZones"/> in a resource group that exists (as <c>infra/</c> deploys them).</summary>
    private bool ZoneExists(string zoneId)
    {
        if (state.DnsZones.ContainsKey(zoneId))
        {
            return true;
        }

        string[] s = zoneId.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (s.Length != 8 || !KnownResourceGroup($"/subscriptions/{s[1]}/resourceGroups/{s[3]}/") || !state.Options.PrivateDnsZones.Contains(s[^1], StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        state.DnsZones[zoneId] = new(StringComparer.OrdinalIgnoreCase);
        return true;
    }

    private ArmReply GetZoneGroup(string endpointId, string name) =>
        state.ZoneGroups.TryGetValue(endpointId, out EmulatedZoneGroup? group) && string.Equals(group.Name, name, StringComparison.OrdinalIgnoreCase)
            ? new ArmReply(200, ZoneGroup(group))
            : ArmReply.Error(404, "NotFound", $"Resource {endpointId}/privateDnsZoneGroups/{name} not found.");

    private ArmReply PutZoneGroup(string endpointId, string name, JsonObject body)
    {
        if (!state.Endpoints.TryGetValue(endpointId, out EmulatedPrivateEndpoint? pe))
        {
            return ArmReply.Error(404, "ParentResourceNotFound", $"Can not perform requested operation on nested resource. Parent resource '{endpointId.Split('/')[^1]}' not found.");
        }

        if (AnotherOperation(pe, state.Now) is ArmReply busy)
        {
            return busy;
        }

        List<string> zoneIds = [];
        if (body["properties"]?["privateDnsZoneConfigs"] is JsonArray configs)
        {
            foreach (JsonNode? config in configs)
            {
                string? zoneId = config?["properties"]?["privateDnsZoneId"]?.GetValue<string>();
                // Not recorded: the code Azure answers for a zone id that names no zone.
                if (zoneId is null || !ZoneExists(zoneId.TrimEnd('/')))
                {
                    return ArmReply.Error(400, "InvalidResourceReference", $"Resource '{zoneId}' referenced by resource '{endpointId}/privateDnsZoneGroups/{name}' was not found.");
                }

                zoneIds.Add(zoneId.TrimEnd('/'));
            }
        }

        if (zoneIds.Count == 0)
        {
            return ArmReply.Error(400, "InvalidRequestFormat", "Cannot parse the request: privateDnsZoneConfigs is required.");
        }

        bool existed = state.ZoneGroups.Remove(endpointId, out EmulatedZoneGroup? previous);
        var group = new EmulatedZoneGroup { Id = $"{endpointId}/privateDnsZoneGroups/{name}", Name = name, EndpointId = endpointId, ZoneIds = zoneIds };
        RemoveRecords(previous);
        state.ZoneGroups[endpointId] = group;
        (string url, EmulatedOperation operation) = StartOperation(pe.Location, state.Options.PrivateDnsZoneGroupOperationDuration, fails: false, null, null, _ =>
        {
            group.ProvisioningState = "Succeeded";
            WriteRecords(group, pe);
        });
        return new ArmReply(existed ? 200 : 201, ZoneGroup(group), new Dictionary<string, string>(WriteHeaders) { ["Azure-AsyncOperation"] = url });
    }

    private ArmReply DeleteZoneGroup(string endpointId, string name)
    {
        if (!state.ZoneGroups.TryGetValue(endpointId, out EmulatedZoneGroup? group) || !string.Equals(group.Name, name, StringComparison.OrdinalIgnoreCase))
        {
            return new ArmReply(204, null);
        }

        group.ProvisioningState = "Deleting";
        (string url, _) = StartOperation(state.Endpoints.GetValueOrDefault(endpointId)?.Location ?? "global", state.Options.PrivateDnsZoneGroupOperationDuration, fails: false, null, null, _ => RemoveZoneGroup(endpointId));
        return new ArmReply(202, null, new Dictionary<string, string>(WriteHeaders) { ["Azure-AsyncOperation"] = url });
    }

    /// <summary>Removes an endpoint's zone group and the records Azure wrote for it (as when the group or its endpoint is deleted).</summary>
    private void RemoveZoneGroup(string endpointId)
    {
        if (state.ZoneGroups.Remove(endpointId, out EmulatedZoneGroup? group))
        {
            RemoveRecords(group);
        }
    }

    private void RemoveRecords(EmulatedZoneGroup? group)
    {
        foreach ((string zoneId, string recordSetName, _, _) in group?.Records ?? [])
        {
            state.DnsZones.GetValueOrDefault(zoneId)?.Remove(recordSetName);
        }
    }

    /// <summary>Writes an A record per endpoint FQDN that belongs to a zone of the group (<c>pg1.postgres.database.azure.com</c> → <c>pg1</c> in <c>privatelink.postgres.database.azure.com</c>).</summary>
    private void WriteRecords(EmulatedZoneGroup group, EmulatedPrivateEndpoint pe)
    {
        foreach (string zoneId in group.ZoneIds)
        {
            string zone = zoneId.Split('/')[^1].ToLowerInvariant();
            string suffix = "." + (zone.StartsWith("privatelink.", StringComparison.Ordinal) ? zone["privatelink.".Length..] : zone);
            for (int i = 0; i < pe.Fqdns.Count; i++)
            {
                string fqdn = pe.Fqdns[i].ToLowerInvariant();
                if (!fqdn.EndsWith(suffix, StringComparison.Ordinal))
                {
                    continue;
                }

                string recordSetName = fqdn[..^suffix.Length];
                string[] ips = [pe.PrivateIpAddresses[Math.Min(i, pe.PrivateIpAddresses.Count - 1)]];
                ZoneExists(zoneId);
                state.DnsZones[zoneId][recordSetName] = [.. ips];
                group.Records.Add((zoneId, recordSetName, $"{recordSetName}.{zone}", ips));
            }
        }
    }

    private static JsonObject ZoneGroup(EmulatedZoneGroup group)
    {
        var configs = new JsonArray();
        foreach (string zoneId in group.ZoneIds)
        {
            string zone = zoneId.Split('/')[^1];
            var recordSets = new JsonArray();
            foreach ((string recordZone, string recordSetName, string fqdn, IReadOnlyList<string> ips) in group.Records)
            {
                if (string.Equals(recordZone, zoneId, StringComparison.OrdinalIgnoreCase))
                {
                    recordSets.Add(new JsonObject
                    {
                        ["recordType"] = "A",
                        ["recordSetName"] = recordSetName,
                        ["fqdn"] = fqdn,
                        ["ttl"] = ZoneGroupRecordTtl,
                        ["ipAddresses"] = ArmJson.StringArray(ips),
                        ["provisioningState"] = "Succeeded",
                    });
                }
            }

            string configName = zone.Replace('.', '-');
            configs.Add(new JsonObject
            {
                ["name"] = configName,
                ["id"] = $"{group.Id}/privateDnsZoneConfigs/{configName}",
                ["properties"] = new JsonObject { ["privateDnsZoneId"] = zoneId, ["recordSets"] = recordSets },
            });
        }

        return new JsonObject
        {
            ["name"] = group.Name,
            ["id"] = group.Id,
            ["etag"] = $"W/\"{Guid.NewGuid()}\"",
            ["type"] = ZoneGroupType,
            ["properties"] = new JsonObject { ["provisioningState"] = group.ProvisioningState, ["privateDnsZoneConfigs"] = configs },
        };
    }

    private static JsonObject RecordSet(string zoneId, string zone, string name, IReadOnlyList<string> addresses, int ttl)
    {
        var aRecords = new JsonArray();
        foreach (string ip in addresses)
        {
            aRecords.Add(new JsonObject { ["ipv4Address"] = ip });
        }

        return new JsonObject
        {
            ["id"] = $"{zoneId}/A/{name}",
            ["etag"] = Guid.NewGuid().ToString(),
            ["name"] = name,
            ["type"] = $"{TargetCatalog.PrivateDnsZoneType}/A",
            ["properties"] = new JsonObject
            {
                ["ttl"] = ttl,
                ["fqdn"] = string.Create(CultureInfo.InvariantCulture, $"{name}.{zone.ToLowerInvariant()}."),
                ["isAutoRegistered"] = false,
                ["aRecords"] = aRecords,
            },
        };
    }
}
