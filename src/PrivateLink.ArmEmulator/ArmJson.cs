using System.Text.Json.Nodes;
using PrivateLink.SupportMatrix;

namespace PrivateLink.ArmEmulator;

/// <summary>Renders emulator state in the Microsoft.Network 2024-05-01 and provider REST shapes (see the example payloads).</summary>
internal static class ArmJson
{
    public static JsonObject Error(string code, string message) => new()
    {
        ["error"] = new JsonObject
        {
            ["code"] = code,
            ["message"] = message,
            ["details"] = new JsonArray(),
        },
    };

    public static JsonObject PrivateEndpoint(EmulatedPrivateEndpoint pe, DateTimeOffset now)
    {
        var connection = new JsonObject
        {
            ["name"] = pe.ConnectionName,
            ["id"] = $"{pe.Id}/{(pe.Manual ? "manualPrivateLinkServiceConnections" : "privateLinkServiceConnections")}/{pe.ConnectionName}",
            ["etag"] = $"W/\"{pe.ResourceGuid}\"",
            ["properties"] = new JsonObject
            {
                ["provisioningState"] = "Succeeded",
                ["privateLinkServiceId"] = pe.PrivateLinkServiceId,
                ["groupIds"] = StringArray(pe.GroupIds),
                ["requestMessage"] = pe.RequestMessage,
                ["privateLinkServiceConnectionState"] = new JsonObject
                {
                    ["status"] = pe.ConnectionStatus,
                    ["description"] = pe.ConnectionDescription,
                    ["actionsRequired"] = pe.Provider == ProviderKind.Synapse && pe.ProvisioningState == "Succeeded" ? string.Empty : "None",
                },
            },
            ["type"] = $"{TargetCatalog.PrivateEndpointType}/{(pe.Manual ? "manualPrivateLinkServiceConnections" : "privateLinkServiceConnections")}",
        };
        if (pe.IsPrivateLinkService)
        {
            ((JsonObject)connection["properties"]!).Remove("groupIds");
        }

        // The provider fills customDnsConfigs once the connection is approved (never for a Private Link Service);
        // ipConfigurations lists only static configurations the caller supplied: always empty here. The address is on the NIC.
        var dnsConfigs = new JsonArray();
        if (pe.DnsConfigsFrom is { } from && now >= from && pe.ConnectionStatus == "Approved" && pe.ProvisioningState != "Updating")
        {
            for (int i = 0; i < pe.Fqdns.Count; i++)
            {
                dnsConfigs.Add(new JsonObject { ["fqdn"] = pe.Fqdns[i], ["ipAddresses"] = StringArray([pe.PrivateIpAddresses[Math.Min(i, pe.PrivateIpAddresses.Count - 1)]]) });
            }
        }

        var tags = new JsonObject();
        foreach (KeyValuePair<string, string> tag in pe.Tags)
        {
            tags[tag.Key] = tag.Value;
        }

        return new JsonObject
        {
            ["name"] = pe.Name,
            ["id"] = pe.Id,
            ["etag"] = $"W/\"{pe.ResourceGuid}\"",
            ["type"] = TargetCatalog.PrivateEndpointType,
            ["location"] = pe.Location,
            ["tags"] = tags,
            ["properties"] = new JsonObject
            {
                ["provisioningState"] = pe.ProvisioningState,
                ["resourceGuid"] = pe.ResourceGuid,
                ["privateLinkServiceConnections"] = pe.Manual ? new JsonArray() : new JsonArray(connection),
                ["manualPrivateLinkServiceConnections"] = pe.Manual ? new JsonArray(connection) : new JsonArray(),
                ["customNetworkInterfaceName"] = string.Empty,
                ["subnet"] = new JsonObject { ["id"] = pe.SubnetId },
                ["ipConfigurations"] = new JsonArray(),
                ["networkInterfaces"] = new JsonArray(new JsonObject { ["id"] = pe.NicId }),
                ["customDnsConfigs"] = dnsConfigs,
                ["applicationSecurityGroups"] = new JsonArray(),
            },
        };
    }

    /// <summary>The endpoint's NIC: one dynamic IP configuration per address, with the private link connection's FQDNs.</summary>
    public static JsonObject NetworkInterface(EmulatedPrivateEndpoint pe)
    {
        var ipConfigurations = new JsonArray();
        for (int i = 0; i < pe.PrivateIpAddresses.Count; i++)
        {
            string configName = $"privateEndpointIpConfig.{pe.NicGuid[..8]}-{i}";
            ipConfigurations.Add(new JsonObject
            {
                ["name"] = configName,
                ["id"] = $"{pe.NicId}/ipConfigurations/{configName}",
                ["etag"] = $"W/\"{pe.NicGuid}\"",
                ["type"] = "Microsoft.Network/networkInterfaces/ipConfigurations",
                ["properties"] = new JsonObject
                {
                    ["provisioningState"] = "Succeeded",
                    ["privateIPAddress"] = pe.PrivateIpAddresses[i],
                    ["privateIPAllocationMethod"] = "Dynamic",
                    ["subnet"] = new JsonObject { ["id"] = pe.SubnetId },
                    ["primary"] = i == 0,
                    ["privateIPAddressVersion"] = "IPv4",
                    ["privateLinkConnectionProperties"] = new JsonObject
                    {
                        ["groupId"] = pe.GroupIds.FirstOrDefault() ?? string.Empty,
                        ["requiredMemberName"] = pe.GroupIds.FirstOrDefault() ?? string.Empty,
                        ["fqdns"] = StringArray(pe.IsPrivateLinkService ? [] : [pe.Fqdns[Math.Min(i, pe.Fqdns.Count - 1)]]),
                    },
                },
            });
        }

        return new JsonObject
        {
            ["name"] = pe.NicId[(pe.NicId.LastIndexOf('/') + 1)..],
            ["id"] = pe.NicId,
            ["etag"] = $"W/\"{pe.NicGuid}\"",
            ["type"] = TargetCatalog.NetworkInterfaceType,
            ["location"] = pe.Location,
            ["properties"] = new JsonObject
            {
                ["provisioningState"] = "Succeeded",
                ["resourceGuid"] = pe.NicGuid,
                ["ipConfigurations"] = ipConfigurations,
                ["privateEndpoint"] = new JsonObject { ["id"] = pe.Id },
                ["nicType"] = "Standard",
            },
        };
    }

    public static JsonObject Target(EmulatedTarget target, IEnumerable<EmulatedPrivateEndpoint> connections)
    {
        var properties = new JsonObject { ["provisioningState"] = "Succeeded" };
        if (target.IsPrivateLinkService)
        {
            properties["alias"] = target.Alias;
            properties["visibility"] = new JsonObject { ["subscriptions"] = new JsonArray() };
            properties["autoApproval"] = new JsonObject { ["subscriptions"] = StringArray(target.AutoApprovalSubscriptions) };
            properties["fqdns"] = StringArray(target.Fqdns);
            var frontends = new JsonArray();
            foreach (string frontend in target.FrontendIpConfigurationIds)
            {
                frontends.Add(new JsonObject { ["id"] = frontend });
            }

            properties["loadBalancerFrontendIpConfigurations"] = frontends;
        }

        var list = new JsonArray();
        foreach (EmulatedPrivateEndpoint pe in connections)
        {
            list.Add(TargetConnection(target, pe));
        }

        properties["privateEndpointConnections"] = list;
        if (target.Capabilities.Count > 0)
        {
            var capabilities = new JsonArray();
            foreach (string capability in target.Capabilities)
            {
                capabilities.Add(new JsonObject { ["name"] = capability });
            }

            properties["capabilities"] = capabilities;
        }

        var resource = new JsonObject
        {
            ["id"] = target.Id,
            ["name"] = target.Name,
            ["type"] = target.ResourceType,
            ["location"] = target.Location,
        };
        if (target.Kind is not null)
        {
            resource["kind"] = target.Kind;
        }

        if (target.SkuName is not null)
        {
            resource["sku"] = target.SkuTier is null
                ? new JsonObject { ["name"] = target.SkuName }
                : new JsonObject { ["name"] = target.SkuName, ["tier"] = target.SkuTier };
        }

        resource["properties"] = properties;
        return resource;
    }

    /// <summary>The provider-side connection, in each provider's own shape (as recorded).</summary>
    public static JsonObject TargetConnection(EmulatedTarget target, EmulatedPrivateEndpoint pe)
    {
        var state = new JsonObject { ["status"] = pe.ConnectionStatus };
        switch (pe.Provider)
        {
            case ProviderKind.Storage:
                state["description"] = pe.ConnectionDescription;
                state["actionRequired"] = "None";
                break;
            case ProviderKind.CosmosDb:
                if (!string.IsNullOrEmpty(pe.ConnectionDescription))
                {
                    state["description"] = pe.ConnectionDescription;
                }

                state["actionsRequired"] = "None";
                break;
            case ProviderKind.Synapse:
                break;
            case ProviderKind.ServiceBus:
                state["description"] = pe.ConnectionDescription;
                break;
            default:
                state["description"] = pe.ConnectionDescription;
                state["actionsRequired"] = "None";
                break;
        }

        string type = pe.Provider == ProviderKind.ServiceBus ? "Microsoft.ServiceBus/Namespaces/PrivateEndpointConnections" : $"{target.ResourceType}/privateEndpointConnections";
        var properties = new JsonObject
        {
            ["provisioningState"] = pe.ProviderState ?? "Succeeded",
            ["privateEndpoint"] = new JsonObject { ["id"] = pe.Id },
            ["privateLinkServiceConnectionState"] = state,
        };
        switch (pe.Provider)
        {
            case ProviderKind.CosmosDb:
                properties["groupId"] = pe.GroupIds.FirstOrDefault();
                break;
            case ProviderKind.Sql or ProviderKind.ServiceBus or ProviderKind.Other:
                properties["groupIds"] = StringArray(pe.GroupIds);
                break;
            case ProviderKind.PrivateLinkService:
                properties["linkIdentifier"] = ((uint)pe.ResourceGuid.GetHashCode(StringComparison.Ordinal) % 1_000_000_000u).ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
            default:
                break;
        }

        var connection = new JsonObject
        {
            ["id"] = $"{target.Id}/privateEndpointConnections/{pe.TargetConnectionName}",
            ["name"] = pe.TargetConnectionName,
            ["type"] = type,
        };
        if (pe.Provider == ProviderKind.PrivateLinkService)
        {
            connection["etag"] = $"W/\"{pe.ResourceGuid}\"";
        }

        if (pe.Provider == ProviderKind.ServiceBus)
        {
            connection["location"] = target.Location;
        }

        connection["properties"] = properties;
        return connection;
    }

    public static JsonObject PrivateLinkResources(EmulatedTarget target)
    {
        var value = new JsonArray();
        foreach (string groupId in target.GroupIds ?? [])
        {
            value.Add(new JsonObject
            {
                ["id"] = $"{target.Id}/privateLinkResources/{groupId}",
                ["name"] = groupId,
                ["type"] = $"{target.ResourceType}/privateLinkResources",
                ["properties"] = new JsonObject
                {
                    ["groupId"] = groupId,
                    ["requiredMembers"] = StringArray([groupId]),
                    ["requiredZoneNames"] = StringArray([ZoneName(target, groupId)]),
                },
            });
        }

        return new JsonObject { ["value"] = value };
    }

    /// <summary>An operation status body as Microsoft.Network sends it: only <c>status</c> (and <c>error</c> when it failed).</summary>
    public static JsonObject Operation(EmulatedOperation operation)
    {
        var body = new JsonObject { ["status"] = operation.Status };
        if (operation.Status is "Failed" or "Canceled")
        {
            body["error"] = new JsonObject
            {
                ["code"] = operation.ErrorCode,
                ["message"] = operation.ErrorMessage,
                ["details"] = new JsonArray(),
            };
        }

        return body;
    }

    /// <summary>The private DNS zone Microsoft documents for a service and groupId (from the support matrix).</summary>
    public static string ZoneName(EmulatedTarget target, string groupId) =>
        DestinationCatalog.PrivateDnsZoneFor(target.ResourceType, groupId, TargetCatalog.Fqdn(target.ResourceType, target.Name, groupId)) ?? $"privatelink.{groupId}.example";

    public static JsonArray StringArray(IEnumerable<string> values)
    {
        var array = new JsonArray();
        foreach (string value in values)
        {
            array.Add(value);
        }

        return array;
    }
}
