using System.Text.Json;

namespace PrivateLink.Arm;

/// <summary>The endpoint subnet read of the preflight report.</summary>
internal sealed partial class ArmPrivateEndpointClient
{
    /// <inheritdoc/>
    public async Task<SubnetCapacity?> GetEndpointSubnetCapacityAsync(CancellationToken cancellationToken)
    {
        string subnetId = options.SubnetId;
        using JsonDocument subnet = await CallAsync("GET", subnetId, () =>
            rawClient.GetJsonAsync(rawClient.Url(subnetId, ArmApiVersions.Network), cancellationToken)).ConfigureAwait(false);
        return SubnetMapper.Capacity(subnetId, subnet.RootElement);
    }
}
