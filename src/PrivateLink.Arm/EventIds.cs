namespace PrivateLink.Arm;

/// <summary>Logging event ids of the ARM adapter (3000s).</summary>
internal static class EventIds
{
    public const int TargetRead = 3001;
    public const int TargetNotFound = 3002;
    public const int GroupIdsNotExposed = 3003;
    public const int TargetUnreadable = 3004;
    public const int EndpointCreating = 3010;
    public const int EndpointCreated = 3011;
    public const int EndpointProvisioningFailed = 3012;
    public const int RequestMessageTruncated = 3013;
    public const int EndpointCreateStarted = 3014;
    public const int EndpointDeleted = 3020;
    public const int EndpointAlreadyGone = 3021;
    public const int EndpointDeleteStarted = 3022;
    public const int OwnedEndpointsListed = 3030;
    public const int ArmCallFailed = 3090;
}
