using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace PrivateLink.ArmEmulator;

/// <summary>Microsoft.Network/privateEndpoints: PUT (manual connection request), GET, DELETE and paged lists.</summary>
internal sealed partial class ArmRequestHandler
{
    private const int MaxRequestMessageLength = 140;

    private ArmReply GetPrivateEndpoint(string id)
    {
        if (!state.Endpoints.TryGetValue(id, out EmulatedPrivateEndpoint? pe))
        {
            return ArmReply.Error(404, "ResourceNotFound", $"The Resource '{TargetCatalog.PrivateEndpointType}/{id[(id.LastIndexOf('/') + 1)..]}' was not found.");
        }

        if (pe.DisconnectAfterReads is int reads)
        {
            pe.DisconnectAfterReads = reads - 1;
            if (reads - 1 <= 0)
            {
                pe.DisconnectAfterReads = null;
                EmulatorState.Disconnect(pe, null);
            }
        }

        return new ArmReply(200, ArmJson.PrivateEndpoint(pe));
    }

    private ArmReply PutPrivateEndpoint(string id, string name, JsonObject body, ArmFaultRule? provisioningFault)
    {
        string? location = (string?)body["location"];
        if (string.IsNullOrEmpty(location))
        {
            return ArmReply.Error(400, "LocationRequired", "The location property is required for this definition.");
        }

        JsonObject? properties = body["properties"] as JsonObject;
        string? subnetId = (string?)properties?["subnet"]?["id"];
        if (string.IsNullOrEmpty(subnetId))
        {
            return ArmReply.Error(400, "InvalidRequestFormat", "Cannot parse the request: properties.subnet.id is required.");
        }

        JsonArray manual = properties!["manualPrivateLinkServiceConnections"] as JsonArray ?? [];
        JsonArray automatic = properties["privateLinkServiceConnections"] as JsonArray ?? [];
        if (manual.Count + automatic.Count != 1)
        {
            return ArmReply.Error(400, "InvalidRequestFormat", "The emulator accepts exactly one private link service connection per private endpoint.");
        }

        bool isManual = manual.Count == 1;
        JsonNode connection = isManual ? manual[0]! : automatic[0]!;
        string connectionName = (string?)connection["name"] ?? name;
        string? targetId = (string?)connection["properties"]?["privateLinkServiceId"];
        List<string> groupIds = (connection["properties"]?["groupIds"] as JsonArray ?? []).Select(g => (string?)g ?? string.Empty).ToList();
        string requestMessage = (string?)connection["properties"]?["requestMessage"] ?? string.Empty;
        if (requestMessage.Length > MaxRequestMessageLength)
        {
            return ArmReply.Error(400, "InvalidRequestMessageLength", $"The request message must be at most {MaxRequestMessageLength} characters.");
        }

        if (targetId is null || !state.Targets.TryGetValue(targetId, out EmulatedTarget? target))
        {
            return ArmReply.Error(400, "PrivateLinkServiceIdNotFound", $"The private link service or resource '{targetId}' was not found.");
        }

        if (target.IsPrivateLinkService ? groupIds.Count != 0 : groupIds.Count != 1 || (target.GroupIds is { } offered && !offered.Contains(groupIds[0], StringComparer.OrdinalIgnoreCase)))
        {
            return ArmReply.Error(400, "InvalidPrivateEndpointGroupId", $"Group ids '{string.Join(",", groupIds)}' are not valid for '{target.Id}'.");
        }

        var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, JsonNode?> tag in body["tags"] as JsonObject ?? [])
        {
            tags[tag.Key] = (string?)tag.Value ?? string.Empty;
        }

        int status;
        if (state.Endpoints.TryGetValue(id, out EmulatedPrivateEndpoint? pe))
        {
            if (pe.ProvisioningState == "Deleting")
            {
                return ArmReply.Error(409, "RetryableErrorDueToAnotherOperation", $"Operation on '{id}' is not allowed because a delete is in progress. Retry later.");
            }

            if (!string.Equals(pe.PrivateLinkServiceId, target.Id, StringComparison.OrdinalIgnoreCase))
            {
                return ArmReply.Error(400, "CannotChangePrivateLinkServiceIdOfPrivateEndpoint", $"Private endpoint '{id}' already connects to '{pe.PrivateLinkServiceId}'.");
            }

            // An idempotent re-PUT keeps the connection and its approval state; only tags and the message are updated.
            pe.Tags = tags;
            pe.RequestMessage = requestMessage;
            status = 200;
        }
        else
        {
            string subscription = id.Split('/', StringSplitOptions.RemoveEmptyEntries)[1];
            bool autoApproved = !isManual
                || (target.IsPrivateLinkService && target.AutoApprovalSubscriptions.Contains(subscription, StringComparer.OrdinalIgnoreCase));
            pe = new EmulatedPrivateEndpoint
            {
                Id = id,
                Name = name,
                Location = location,
                Tags = tags,
                SubnetId = subnetId,
                ConnectionName = connectionName,
                PrivateLinkServiceId = target.Id,
                GroupIds = groupIds,
                RequestMessage = requestMessage,
                TargetConnectionName = $"{name}.{Guid.NewGuid()}",
                ResourceGuid = Guid.NewGuid().ToString(),
                PrivateIpAddress = state.AllocateIp(),
                Fqdns = target.IsPrivateLinkService ? target.Fqdns : [TargetCatalog.Fqdn(target.ResourceType, target.Name, groupIds[0])],
                Manual = isManual,
                ConnectionStatus = autoApproved ? "Approved" : "Pending",
                ConnectionDescription = autoApproved ? "Auto-Approved" : "Awaiting approval",
            };
            state.Endpoints[id] = pe;
            state.CreatedCounts[name] = state.CreatedCounts.GetValueOrDefault(name) + 1;
            status = 201;
        }

        pe.ProvisioningState = "Updating";
        bool fails = provisioningFault is not null;
        EmulatedPrivateEndpoint created = pe;
        (string url, _) = StartOperation(location, fails, provisioningFault?.ErrorCode, provisioningFault?.ErrorMessage, () =>
            created.ProvisioningState = fails ? "Failed" : "Succeeded");
        return new ArmReply(status, ArmJson.PrivateEndpoint(pe), new Dictionary<string, string> { ["Azure-AsyncOperation"] = url });
    }

    private ArmReply DeletePrivateEndpoint(string id)
    {
        if (!state.Endpoints.TryGetValue(id, out EmulatedPrivateEndpoint? pe))
        {
            // Microsoft.Network answers 204 for a resource that is already gone.
            return new ArmReply(204, null);
        }

        pe.ProvisioningState = "Deleting";
        (string url, _) = StartOperation(pe.Location, fails: false, null, null, () => state.Endpoints.Remove(id));
        return new ArmReply(202, null, new Dictionary<string, string> { ["Azure-AsyncOperation"] = url });
    }

    private ArmReply ListPrivateEndpoints(string path, string scopePrefix, IQueryCollection query)
    {
        int offset = int.TryParse(query["$skiptoken"], NumberStyles.None, CultureInfo.InvariantCulture, out int skip) ? skip : 0;
        List<EmulatedPrivateEndpoint> all = state.Endpoints.Values
            .Where(pe => pe.Id.StartsWith(scopePrefix, StringComparison.OrdinalIgnoreCase))
            .OrderBy(pe => pe.Id, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var value = new JsonArray();
        foreach (EmulatedPrivateEndpoint pe in all.Skip(offset).Take(state.Options.PageSize))
        {
            value.Add(ArmJson.PrivateEndpoint(pe));
        }

        var page = new JsonObject { ["value"] = value };
        int next = offset + state.Options.PageSize;
        if (next < all.Count)
        {
            page["nextLink"] = new Uri(BaseAddress, $"{path}?api-version={query["api-version"]}&$skiptoken={next}").AbsoluteUri;
        }

        return new ArmReply(200, page);
    }
}
