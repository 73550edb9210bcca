using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PrivateLink.Arm;

namespace PrivateLink.Onboarding.Activities;

/// <summary>Deletes an A record the service wrote for a Private Link Service target (nothing to do when it is gone).</summary>
public sealed class DeletePrivateDnsRecordActivity(IPrivateDnsClient dns, ILogger<DeletePrivateDnsRecordActivity> logger) : TaskActivity<PrivateDnsRecord, bool>
{
    /// <inheritdoc/>
    public override async Task<bool> RunAsync(TaskActivityContext context, PrivateDnsRecord record)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(record);
        bool deleted = await dns.DeleteARecordAsync(record.Zone, record.RecordSetName, CancellationToken.None);
        PrivateDnsActivityLog.RecordRemoved(logger, context.InstanceId, record.Fqdn, deleted);
        return deleted;
    }
}
