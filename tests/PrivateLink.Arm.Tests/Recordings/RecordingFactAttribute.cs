namespace PrivateLink.Arm.Tests.Recordings;

/// <summary>A test that replays a real recorded ARM session; skipped, saying why, when the shared recordings folder is absent.</summary>
public sealed class RecordingFactAttribute : FactAttribute
{
    public RecordingFactAttribute()
    {
        if (RecordedSession.Folder is null)
        {
            Skip = $"The recorded ARM sessions are not on this machine (looked for '{RecordedSession.Hint}'; set PL_ARM_RECORDINGS to their folder).";
        }
    }
}
