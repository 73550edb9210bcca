using System.Text.Json.Nodes;

namespace PrivateLink.ArmEmulator;

/// <summary>Customer resources: GET, <c>privateLinkResources</c>, and the customer-side <c>privateEndpointConnections</c> calls.</summary>
internal sealed partial class ArmRequestHandler
{
    private const string ConnectionsSegment = "/privateEndpointConnections";
    private const string LinkResourcesSegment = "/privateLinkResources";

    private ArmReply RouteTarget(string method, string path, JsonObject? body)
    {
        string trimmed = path.TrimEnd('/');
        if (state.Targets.TryGetValue(trimmed, out EmulatedTarget? target))
        {
            return method == "GET" ? new ArmReply(200, ArmJson.Target(target, state.ConnectionsOf(target))) : MethodNotAllowed(method, path);
        }

        if (trimmed.EndsWith(LinkResourcesSegment, StringComparison.OrdinalIgnoreCase)
            && state.Targets.TryGetValue(trimmed[..^LinkResourcesSegment.Length], out target))
        {
            if (target.GroupIds is null)
            {
                return ArmReply.Error(400, "InvalidResourceType", $"The resource type 'privateLinkResources' could not be found for '{target.ResourceType}'.");
            }

            return method == "GET" ? new ArmReply(200, ArmJson.PrivateLinkResources(target)) : MethodNotAllowed(method, path);
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
                    JsonNode? connectionState = body?["properties"]?["privateLinkServiceConnectionState"];
                    string? error = state.Decide(pe, (string?)connectionState?["status"] ?? string.Empty, (string?)connectionState?["description"]);
                    return error is null
                        ? new ArmReply(200, ArmJson.TargetConnection(target, pe))
                        : ArmReply.Error(400, error, $"Cannot set the connection state of '{connectionName}' to '{(string?)connectionState?["status"]}' from '{pe.ConnectionStatus}'.");
                case "DELETE":
                    EmulatorState.Disconnect(pe, null);
                    return new ArmReply(200, null);
                default:
                    return MethodNotAllowed(method, path);
            }
        }

        return ArmReply.NotFound(path);
    }
}
