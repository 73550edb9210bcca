using System.Text.Json.Nodes;

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

    public static JsonObject PrivateEndpoint(EmulatedPrivateEndpoint pe)
    {
        var connection = new JsonObject
        {
            ["id"] = $"{pe.Id}/{(pe.Manual ? "manualPrivateLinkServiceConnections" : "privateLinkServiceConnections")}/{pe.ConnectionName}",
            ["name"] = pe.ConnectionName,
            ["type"] = $"{TargetCatalog.PrivateEndpointType}/{(pe.Manual ? "manualPrivateLinkServiceConnections" : "privateLinkServiceConnections")}",
            ["properties"] = new JsonObject
            {
                ["provisioningState"] = pe.ProvisioningState,
                ["privateLinkServiceId"] = pe.PrivateLinkServiceId,
                ["groupIds"] = StringArray(pe.GroupIds),
                ["requestMessage"] = pe.RequestMessage,
                ["privateLinkServiceConnectionState"] = new JsonObject
                {
                    ["status"] = pe.ConnectionStatus,
                    ["description"] = pe.ConnectionDescription,
                    ["actionsRequired"] = "None",
                },
            },
        };

        var dnsConfigs = new JsonArray();
        foreach (string fqdn in pe.Fqdns)
        {
            dnsConfigs.Add(new JsonObject { ["fqdn"] = fqdn, ["ipAddresses"] = StringArray([pe.PrivateIpAddress]) });
        }

        // Without FQDNs (a Private Link Service without fqdns) the address is reported as an ipConfiguration.
        var ipConfigurations = new JsonArray();
        if (pe.Fqdns.Count == 0)
        {
            ipConfigurations.Add(new JsonObject
            {
                ["name"] = $"{pe.Name}-ipconfig",
                ["properties"] = new JsonObject
                {
                    ["groupId"] = pe.GroupIds.FirstOrDefault() ?? string.Empty,
                    ["memberName"] = pe.GroupIds.FirstOrDefault() ?? string.Empty,
                    ["privateIPAddress"] = pe.PrivateIpAddress,
                },
            });
        }

        var tags = new JsonObject();
        foreach (KeyValuePair<string, string> tag in pe.Tags)
        {
            tags[tag.Key] = tag.Value;
        }

        string subscriptionPrefix = pe.Id[..pe.Id.IndexOf("/providers/", StringComparison.OrdinalIgnoreCase)];
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
                ["subnet"] = new JsonObject { ["id"] = pe.SubnetId },
                ["networkInterfaces"] = new JsonArray(new JsonObject
                {
                    ["id"] = $"{subscriptionPrefix}/providers/Microsoft.Network/networkInterfaces/{pe.Name}.nic.{pe.ResourceGuid[..8]}",
                }),
                ["customDnsConfigs"] = dnsConfigs,
                ["applicationSecurityGroups"] = new JsonArray(),
                ["ipConfigurations"] = ipConfigurations,
                ["customNetworkInterfaceName"] = string.Empty,
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
        return new JsonObject
        {
            ["id"] = target.Id,
            ["name"] = target.Name,
            ["type"] = target.ResourceType,
            ["location"] = target.Location,
            ["properties"] = properties,
        };
    }

    public static JsonObject TargetConnection(EmulatedTarget target, EmulatedPrivateEndpoint pe) => new()
    {
        ["id"] = $"{target.Id}/privateEndpointConnections/{pe.TargetConnectionName}",
        ["name"] = pe.TargetConnectionName,
        ["type"] = $"{target.ResourceType}/privateEndpointConnections",
        ["properties"] = new JsonObject
        {
            ["provisioningState"] = target.IsPrivateLinkService ? "Succeeded" : "Ready",
            ["privateEndpoint"] = new JsonObject { ["id"] = pe.Id },
            ["groupIds"] = StringArray(pe.GroupIds),
            ["privateLinkServiceConnectionState"] = new JsonObject
            {
                ["status"] = pe.ConnectionStatus,
                ["description"] = pe.ConnectionDescription,
                ["actionsRequired"] = "None",
            },
        },
    };

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
                },
            });
        }

        return new JsonObject { ["value"] = value };
    }

    public static JsonObject Operation(EmulatedOperation operation, string operationUrlPath)
    {
        var body = new JsonObject
        {
            ["id"] = operationUrlPath,
            ["name"] = operation.Id,
            ["status"] = operation.Status,
            ["startTime"] = operation.StartTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (operation.Status == "Failed")
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
