namespace PrivateLink.Connectivity;

/// <summary>Log event ids of the probes (the 2000s range).</summary>
internal static class EventIds
{
    public const int ProbeStarting = 2000;
    public const int ProbeCompleted = 2001;
    public const int ProbeFellBackToClearText = 2002;
    public const int ProbeFailed = 2003;
}
