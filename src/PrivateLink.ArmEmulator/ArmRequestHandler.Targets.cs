using System.Globalization;
using System.Text.Json.Nodes;

namespace PrivateLink.ArmEmulator;

/// <summary>Customer resources: GET, <c>privateLinkResources</c>, and the customer-side <c>privateEndpointConnections</c> calls.</summary>
/// <remarks>
/// The service's reads of a target (the resource, its <c>privateLinkResources</c>) follow the target's <see cref="TargetAccess"/>:
/// 401 <c>InvalidAuthenticationTokenTenant</c> by default. The customer-side connection calls stand for the customer acting on its
/// own resource, so they are always allowed.
/// </remarks>
internal sealed partial class ArmRequestHandler
{
    private const string ConnectionsSegment = "/privateEndpointConnections";
    private const string LinkResourcesSegment = "/privateLinkResources";

    private ArmReply RouteTarget(string method, string path, JsonObject? body)
    {
        string trimmed = path.TrimEnd('/');
        if (state.Targets.TryGetValue(trimmed, out EmulatedTarget? target))
        {
            return method != "GET" ? MethodNotAllowed(method, path) : Refused(target, trimmed) ?? new ArmReply(200, ArmJson.Target(target, state.ConnectionsOf(target)));
        }

        if (trimmed.EndsWith(LinkResourcesSegment, StringComparison.OrdinalIgnoreCase)
            && state.Targets.TryGetValue(trimmed[..^LinkResourcesSegment.Length], out target))
        {
            if (method != "GET")
            {
                return MethodNotAllowed(method, path);
            }

            if (Refused(target, trimmed) is ArmReply refused)
            {
                return refused;
            }

            return target.GroupIds is null
                ? ArmReply.Error(400, "InvalidResourceType", $"The resource type 'privateLinkResources' could not be found for '{target.ResourceType}'.")
                : new ArmReply(200, ArmJson.PrivateLinkResources(target));
        }

        if (trimmed.EndsWith(ConnectionsSegment, StringComparison.OrdinalIgnoreCase)
            && state.Targets.TryGetValue(trimmed[..^ConnectionsSegment.Length], out target))
        {
            var value = new JsonArray();
            foreach (EmulatedPrivateEndpoint pe in state.ConnectionsOf(target))
            {
                value.Add(ArmJson.TargetConnection(target, pe));
            }

            return method == "GET" ? new ArmReply(200, new JsonObject { ["value"] = value }) : MethodNotAllowed(method, path);
        }

        int index = trimmed.LastIndexOf(ConnectionsSegment + "/", StringComparison.OrdinalIgnoreCase);
        if (index > 0 && state.Targets.TryGetValue(trimmed[..index], out target))
        {
            string connectionName = trimmed[(index + ConnectionsSegment.Length + 1)..];
            EmulatedPrivateEndpoint? pe = state.ConnectionsOf(target)
                .FirstOrDefault(c => string.Equals(c.TargetConnectionName, connectionName, StringComparison.OrdinalIgnoreCase));
            if (pe is null)
            {
                return method == "DELETE"
                    ? new ArmReply(204, null)
                    : ArmReply.Error(404, "PrivateEndpointConnectionDoesNotExist", $"Private endpoint connection '{connectionName}' does not exist.");
            }

            switch (method)
            {
                case "GET":
                    return new ArmReply(200, ArmJson.TargetConnection(target, pe));
                case "PUT":
                    return DecideConnection(target, pe, connectionName, body);
                case "DELETE":
                    EmulatorState.Disconnect(pe, null);
                    return DeleteConnectionReply(target, trimmed);
                default:
                    return MethodNotAllowed(method, path);
            }
        }

        if (path.Contains("/providers/", StringComparison.OrdinalIgnoreCase))
        {
            string[] s = trimmed.Split('/', StringSplitOptions.RemoveEmptyEntries);
            return MissingInResourceGroup(trimmed, s.Length >= 7 ? $"{s[5]}/{s[6]}" : "resource");
        }

        return ArmReply.NotFound(path);
    }

    private ArmReply? Refused(EmulatedTarget target, string path) => target.Access switch
    {
        TargetAccess.OtherTenant => ArmReply.Error(
            401,
            "InvalidAuthenticationTokenTenant",
            $"The access token is from the wrong issuer 'https://sts.windows.net/{Guid.Empty}/'. It must match the tenant 'https://sts.windows.net/{TenantOf(target)}/' associated with this subscription. Please use the authority (URL) 'https://login.windows.net/{TenantOf(target)}' to get the token."),
        TargetAccess.NoRole => ArmReply.Error(
            403,
            "AuthorizationFailed",
            $"The client '{Guid.Empty}' with object id '{Guid.Empty}' does not have authorization to perform action '{target.ResourceType}/read' over scope '{path}' or the scope is invalid. If access was recently granted, please refresh your credentials."),
        _ => null,
    };

    private static string TenantOf(EmulatedTarget target) => new Guid(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(target.Id))).ToString();

    /// <summary>A customer's approve or reject, answered in the provider's recorded shape.</summary>
    private ArmReply DecideConnection(EmulatedTarget target, EmulatedPrivateEndpoint pe, string connectionName, JsonObject? body)
    {
        JsonNode? connectionState = body?["properties"]?["privateLinkServiceConnectionState"];
        string status = (string?)connectionState?["status"] ?? string.Empty;
        bool unchanged = string.Equals(pe.LatestStatus, status, StringComparison.Ordinal);
        string? error = state.Decide(pe, status, (string?)connectionState?["description"]);
        if (error is not null)
        {
            return error == "PrivateEndpointConnectionStatusNotPending"
                ? ArmReply.Error(400, error, "Private Endpoint Connection Status is not Pending")
                : ArmReply.Error(400, error, $"Cannot set the connection state of '{connectionName}' to '{status}'.");
        }

        string trimmed = $"{target.Id}/privateEndpointConnections/{connectionName}";
        DateTimeOffset now = state.Now;
        string? requestedDescription = (string?)connectionState?["description"];

        // The provider echoes the requested state in its answer, even where the endpoint shows it only later.
        JsonObject Echo(JsonObject reply)
        {
            var replyState = (JsonObject)reply["properties"]!["privateLinkServiceConnectionState"]!;
            replyState["status"] = status;
            if (replyState.ContainsKey("description"))
            {
                replyState["description"] = requestedDescription ?? string.Empty;
            }

            return reply;
        }

        switch (target.Provider)
        {
            case ProviderKind.PrivateLinkService:
            {
                JsonObject reply = Echo(ArmJson.TargetConnection(target, pe));
                ((JsonObject)reply["properties"]!)["provisioningState"] = "Updating";
                (string url, _) = StartOperation(target.Location, TimeSpan.Zero, false, null, null, _ => { });
                return new ArmReply(200, reply, new Dictionary<string, string>(WriteHeaders) { ["Azure-AsyncOperation"] = url, ["azure-asyncnotification"] = "Enabled" });
            }

            case ProviderKind.PostgreSql or ProviderKind.Sql:
            {
                string operationName = target.Provider == ProviderKind.PostgreSql ? "ApproveElasticServerPrivateEndpointConnection" : "ApprovePrivateEndpointConnection";
                if (status == "Rejected")
                {
                    operationName = operationName.Replace("Approve", "Reject", StringComparison.Ordinal);
                }

                return ProviderOperation(target, trimmed, 202, new JsonObject { ["operation"] = operationName, ["startTime"] = now.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) }, withLocation: true);
            }

            case ProviderKind.CosmosDb:
                return ProviderOperation(target, trimmed, 202, new JsonObject { ["status"] = "Enqueued" }, withLocation: true);
            case ProviderKind.Synapse when status == "Rejected" && !unchanged:
            {
                JsonObject reply = Echo(ArmJson.TargetConnection(target, pe));
                ((JsonObject)reply["properties"]!)["provisioningState"] = "Provisioning";
                return ProviderOperation(target, trimmed, 201, reply, withLocation: false);
            }

            default:
            {
                // Storage, Service Bus, Synapse approve: synchronous 200 with the connection.
                return new ArmReply(200, Echo(ArmJson.TargetConnection(target, pe)), WriteHeaders);
            }
        }
    }

    private ArmReply DeleteConnectionReply(EmulatedTarget target, string connectionPath) => target.Provider switch
    {
        ProviderKind.Storage => new ArmReply(200, null, WriteHeaders),
        ProviderKind.ServiceBus => ProviderOperation(target, connectionPath, 202, null, withLocation: false),
        ProviderKind.CosmosDb => ProviderOperation(target, connectionPath, 202, new JsonObject { ["status"] = "Enqueued" }, withLocation: true),
        ProviderKind.Sql or ProviderKind.PostgreSql => ProviderOperation(
            target,
            connectionPath,
            202,
            new JsonObject { ["operation"] = target.Provider == ProviderKind.Sql ? "DropPrivateEndpointConnection" : "DropElasticServerPrivateEndpointConnection", ["startTime"] = state.Now.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) },
            withLocation: true),
        _ => ProviderOperation(target, connectionPath, 202, null, withLocation: true),
    };

    /// <summary>An asynchronous provider answer: Azure-AsyncOperation (and Location) on the emulator's operation route, already Succeeded.</summary>
    private ArmReply ProviderOperation(EmulatedTarget target, string connectionPath, int status, JsonObject? body, bool withLocation)
    {
        (string url, EmulatedOperation operation) = StartOperation(target.Location, TimeSpan.Zero, false, null, null, _ => { });
        var headers = new Dictionary<string, string>(WriteHeaders) { ["Azure-AsyncOperation"] = url };
        if (withLocation)
        {
            headers["Location"] = new Uri(BaseAddress, $"{connectionPath}/operationResults/{operation.Id}?api-version={TargetCatalog.OperationApiVersion}").AbsoluteUri;
        }

        return new ArmReply(status, body, headers);
    }
}
