using System.Text.Json.Nodes;

namespace PrivateLink.ArmEmulator;

/// <summary>Subnet reads: the endpoint subnet with the NIC IP configurations and private endpoints created in it.</summary>
internal sealed partial class ArmRequestHandler
{
    /// <summary>GET of a subnet, shaped as Azure answers it (api-version 2024-05-01): every subnet exists, with the configured prefix.</summary>
    private ArmReply GetSubnet(string[] s)
    {
        string id = $"/subscriptions/{s[1]}/resourceGroups/{s[3]}/providers/Microsoft.Network/virtualNetworks/{s[7]}/subnets/{s[9]}";
        EmulatedPrivateEndpoint[] inSubnet = state.Endpoints.Values
            .Where(e => string.Equals(e.SubnetId, id, StringComparison.OrdinalIgnoreCase))
            .OrderBy(e => e.Id, StringComparer.Ordinal)
            .ToArray();
        var ipConfigurations = new JsonArray();
        foreach (EmulatedPrivateEndpoint pe in inSubnet)
        {
            for (int i = 0; i < pe.PrivateIpAddresses.Count; i++)
            {
                ipConfigurations.Add(new JsonObject { ["id"] = $"{pe.NicId}/ipConfigurations/privateEndpointIpConfig.{pe.NicGuid[..8]}-{i}" });
            }
        }

        var privateEndpoints = new JsonArray();
        foreach (EmulatedPrivateEndpoint pe in inSubnet)
        {
            privateEndpoints.Add(new JsonObject { ["id"] = pe.Id });
        }

        return new ArmReply(200, new JsonObject
        {
            ["name"] = s[9],
            ["id"] = id,
            ["etag"] = $"W/\"{Guid.NewGuid()}\"",
            ["type"] = "Microsoft.Network/virtualNetworks/subnets",
            ["properties"] = new JsonObject
            {
                ["provisioningState"] = "Succeeded",
                ["addressPrefix"] = state.Options.SubnetAddressPrefix,
                ["ipConfigurations"] = ipConfigurations,
                ["privateEndpoints"] = privateEndpoints,
                ["delegations"] = new JsonArray(),
                ["privateEndpointNetworkPolicies"] = "Disabled",
                ["privateLinkServiceNetworkPolicies"] = "Enabled",
            },
        });
    }
}
