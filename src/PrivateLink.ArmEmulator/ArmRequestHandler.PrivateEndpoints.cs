using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace PrivateLink.ArmEmulator;

/// <summary>Microsoft.Network/privateEndpoints: PUT (manual connection request), GET, DELETE, paged lists, NICs, alias visibility.</summary>
internal sealed partial class ArmRequestHandler
{
    private const int MaxRequestMessageLength = 140;

    private readonly Dictionary<string, string> deleteUrls = new(StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<string, string> WriteHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        ["x-ms-ratelimit-remaining-subscription-writes"] = "199",
        ["x-ms-ratelimit-remaining-subscription-global-writes"] = "2999",
    };

    private ArmReply GetPrivateEndpoint(string id)
    {
        if (!state.Endpoints.TryGetValue(id, out EmulatedPrivateEndpoint? pe))
        {
            return MissingInResourceGroup(id, TargetCatalog.PrivateEndpointType);
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

        return new ArmReply(200, ArmJson.PrivateEndpoint(pe, state.Now));
    }

    private ArmReply GetNetworkInterface(string path)
    {
        EmulatedPrivateEndpoint? pe = state.Endpoints.Values.FirstOrDefault(e => string.Equals(e.NicId, path.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
        return pe is null ? MissingInResourceGroup(path.TrimEnd('/'), TargetCatalog.NetworkInterfaceType) : new ArmReply(200, ArmJson.NetworkInterface(pe));
    }

    private ArmReply CheckVisibility(JsonObject body)
    {
        string? alias = (string?)body["privateLinkServiceAlias"];
        if (string.IsNullOrEmpty(alias))
        {
            return ArmReply.Error(400, "InvalidRequestFormat", "privateLinkServiceAlias is required.");
        }

        EmulatedTarget? target = state.FindTarget(alias);
        return new ArmReply(200, new JsonObject { ["visible"] = target is { IsPrivateLinkService: true, AliasVisible: true } });
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

        // A Private Link Service may be given by alias (Snowflake); an unknown alias is InvalidPrivateLinkServiceId.
        EmulatedTarget? target = targetId is null ? null : state.FindTarget(targetId);
        if (target is null)
        {
            return targetId is not null && targetId.EndsWith(".azure.privatelinkservice", StringComparison.OrdinalIgnoreCase)
                ? ArmReply.Error(400, "InvalidPrivateLinkServiceId", $"Private link service id {targetId} is invalid.")
                : ArmReply.Error(400, "PrivateLinkServiceIdNotFound", $"The private link service or resource '{targetId}' was not found.");
        }

        if (target.IsPrivateLinkService ? groupIds.Count != 0 : groupIds.Count != 1 || (target.GroupIds is { } offered && !offered.Contains(groupIds[0], StringComparer.OrdinalIgnoreCase)))
        {
            return ArmReply.Error(400, "InvalidPrivateEndpointGroupId", $"Group ids '{string.Join(",", groupIds)}' are not valid for '{target.Id}'.");
        }

        // Service Bus offers private endpoints on Premium namespaces only (error code not verified against real ARM).
        if (target.Provider == ProviderKind.ServiceBus && !string.Equals(target.SkuTier ?? target.SkuName, "Premium", StringComparison.OrdinalIgnoreCase))
        {
            return ArmReply.Error(400, "PrivateEndpointNotSupportedForSku", $"Namespace '{target.Name}' is {target.SkuName}: private endpoints need a Premium namespace.");
        }

        var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, JsonNode?> tag in body["tags"] as JsonObject ?? [])
        {
            tags[tag.Key] = (string?)tag.Value ?? string.Empty;
        }

        DateTimeOffset now = state.Now;
        int status;
        if (state.Endpoints.TryGetValue(id, out EmulatedPrivateEndpoint? pe))
        {
            if (pe.ProvisioningState == "Deleting")
            {
                return ArmReply.Error(409, "RetryableErrorDueToAnotherOperation", $"Operation on '{id}' is not allowed because a delete is in progress. Retry later.");
            }

            if (AnotherOperation(pe, now) is ArmReply busy)
            {
                return busy;
            }

            if (!string.Equals(pe.TargetId, target.Id, StringComparison.OrdinalIgnoreCase))
            {
                return ArmReply.Error(400, "CannotChangePrivateLinkServiceIdOfPrivateEndpoint", $"Private endpoint '{id}' already connects to '{pe.PrivateLinkServiceId}'.");
            }

            // A re-PUT keeps the connection and its state (a Rejected one stays Rejected); only tags and the message change.
            pe.Tags = tags;
            pe.RequestMessage = requestMessage;
            status = 200;
        }
        else
        {
            string subscription = id.Split('/', StringSplitOptions.RemoveEmptyEntries)[1];
            bool autoApproved = !isManual
                || (target.IsPrivateLinkService && target.AutoApprovalSubscriptions.Contains(subscription, StringComparer.OrdinalIgnoreCase));
            string resourceGuid = Guid.NewGuid().ToString();
            IReadOnlyList<string> fqdns = target.IsPrivateLinkService ? target.Fqdns : TargetCatalog.Fqdns(target.ResourceType, target.Name, groupIds[0], target.Location);
            pe = new EmulatedPrivateEndpoint
            {
                Id = id,
                Name = name,
                Location = location,
                Tags = tags,
                SubnetId = subnetId,
                ConnectionName = connectionName,
                PrivateLinkServiceId = targetId!,
                TargetId = target.Id,
                Provider = target.Provider,
                GroupIds = groupIds,
                RequestMessage = requestMessage,
                TargetConnectionName = TargetCatalog.ConnectionName(target.Provider, name, target.Name, resourceGuid, Guid.NewGuid()),
                ResourceGuid = resourceGuid,
                NicGuid = Guid.NewGuid().ToString(),
                PrivateIpAddresses = [.. Enumerable.Range(0, Math.Max(1, target.IsPrivateLinkService ? 1 : fqdns.Count)).Select(_ => state.AllocateIp())],
                Fqdns = fqdns,
                Manual = isManual,
                ConnectionStatus = autoApproved ? "Approved" : "Pending",
                ConnectionDescription = autoApproved ? "Auto Approved" : "Awaiting Approval",
                ProviderState = target.Provider is ProviderKind.Sql or ProviderKind.PostgreSql ? "Ready" : "Succeeded",
            };
            state.Endpoints[id] = pe;
            state.CreatedCounts[name] = state.CreatedCounts.GetValueOrDefault(name) + 1;
            status = 201;
        }

        pe.ProvisioningState = "Updating";
        bool fails = provisioningFault is not null;
        EmulatedPrivateEndpoint created = pe;
        bool isNew = status == 201;
        TimeSpan duration = target.Provider == ProviderKind.CosmosDb ? state.Options.CosmosDbOperationDuration : state.Options.OperationDuration;
        (string url, EmulatedOperation operation) = StartOperation(location, duration, fails, provisioningFault?.ErrorCode, provisioningFault?.ErrorMessage, done =>
        {
            created.RunningOperationId = null;
            created.ProvisioningState = fails ? "Failed" : "Succeeded";
            if (fails)
            {
                return;
            }

            created.ConflictUntil = done + state.Options.ConflictWindowAfterCreate;
            if (isNew)
            {
                // The provider's own description replaces the PUT's ("Awaiting Approval" becomes "", "Auto Approved" varies per provider).
                created.ConnectionDescription = created.ConnectionStatus == "Approved" ? TargetCatalog.AutoApprovedDescription(created.Provider) : string.Empty;
                if (created.ConnectionStatus == "Approved" && !created.IsPrivateLinkService)
                {
                    created.DnsConfigsFrom = done;
                }
            }
        });
        pe.RunningOperationId = operation.Id;
        var headers = new Dictionary<string, string>(WriteHeaders) { ["Azure-AsyncOperation"] = url, ["azure-asyncnotification"] = "Enabled" };
        return new ArmReply(status, ArmJson.PrivateEndpoint(pe, now), headers);
    }

    private ArmReply? AnotherOperation(EmulatedPrivateEndpoint pe, DateTimeOffset now) =>
        pe.RunningOperationId is not null || (pe.ConflictUntil is { } until && now < until)
            ? ArmReply.Error(
                409,
                "AnotherOperationInProgress",
                $"Another operation on this or dependent resource is in progress. To retrieve status of the operation use uri: {BaseAddress}subscriptions/{state.Options.SubscriptionId}/providers/Microsoft.Network/locations/{pe.Location}/operations/{pe.RunningOperationId ?? Guid.Empty.ToString()}.")
            : null;

    private ArmReply DeletePrivateEndpoint(string id)
    {
        if (!state.Endpoints.TryGetValue(id, out EmulatedPrivateEndpoint? pe))
        {
            // Microsoft.Network answers 204 for a resource that is already gone.
            return new ArmReply(204, null);
        }

        if (pe.ProvisioningState == "Deleting")
        {
            return new ArmReply(202, null, new Dictionary<string, string>(WriteHeaders) { ["Azure-AsyncOperation"] = ExistingDeleteUrl(pe) });
        }

        if (AnotherOperation(pe, state.Now) is ArmReply busy)
        {
            return busy;
        }

        pe.ProvisioningState = "Deleting";
        (string url, EmulatedOperation operation) = StartOperation(pe.Location, state.Options.OperationDuration, fails: false, null, null, _ =>
        {
            // A child zone group goes with its endpoint, and Azure removes the records it wrote.
            state.Endpoints.Remove(id);
            RemoveZoneGroup(id);
        });
        pe.RunningOperationId = operation.Id;
        deleteUrls[id] = url;
        return new ArmReply(202, null, new Dictionary<string, string>(WriteHeaders) { ["Azure-AsyncOperation"] = url });
    }

    private string ExistingDeleteUrl(EmulatedPrivateEndpoint pe) => deleteUrls.GetValueOrDefault(pe.Id) ?? string.Empty;

    private ArmReply MissingInResourceGroup(string id, string type)
    {
        string[] s = id.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string resourceGroup = s.Length > 3 ? s[3] : string.Empty;
        string prefix = $"/subscriptions/{(s.Length > 1 ? s[1] : string.Empty)}/resourceGroups/{resourceGroup}/";
        bool groupExists = KnownResourceGroup(prefix);
        return groupExists
            ? ArmReply.Error(404, "ResourceNotFound", $"The Resource '{type}/{s[^1]}' under resource group '{resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix")
            : ArmReply.Error(404, "ResourceGroupNotFound", $"Resource group '{resourceGroup}' could not be found.");
    }

    /// <summary>A resource group exists when something seeded or created lives in it, or it was declared (the service's own).</summary>
    private bool KnownResourceGroup(string prefix) =>
        state.Targets.Keys.Any(k => k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        || state.Endpoints.Keys.Any(k => k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        || state.ResourceGroups.Any(rg => prefix.Equals($"/subscriptions/{state.Options.SubscriptionId}/resourceGroups/{rg}/", StringComparison.OrdinalIgnoreCase));

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
            value.Add(ArmJson.PrivateEndpoint(pe, state.Now));
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
