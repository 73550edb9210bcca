using Microsoft.DurableTask;
using PrivateLink.Arm;

namespace PrivateLink.Onboarding.Activities;

/// <summary>Reads the A records Azure keeps for an endpoint's zone group (FQDN → private IP).</summary>
public sealed class GetPrivateDnsRecordsActivity(IPrivateDnsClient dns) : TaskActivity<string, IReadOnlyList<PrivateDnsRecord>?>
{
    /// <inheritdoc/>
    public override Task<IReadOnlyList<PrivateDnsRecord>?> RunAsync(TaskActivityContext context, string endpointName)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpointName);
        return dns.GetPrivateDnsZoneGroupRecordsAsync(endpointName, CancellationToken.None);
    }
}
