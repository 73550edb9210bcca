namespace PrivateLink.Api.Webhooks;

/// <summary>Logging event ids of the ticket webhooks (4500-4599).</summary>
internal static class EventIds
{
    public const int Accepted = 4500;
    public const int Rejected = 4501;
    public const int Replayed = 4502;
    public const int NotConfigured = 4503;
    public const int Ignored = 4504;
    public const int MappingFailed = 4505;
    public const int SubmitFailed = 4506;
}
