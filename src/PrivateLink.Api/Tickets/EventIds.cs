namespace PrivateLink.Api.Tickets;

/// <summary>Logging event ids of the ticket comments (4700-4799).</summary>
internal static class EventIds
{
    public const int CommentPosted = 4700;
    public const int CommentAlreadyPosted = 4701;
    public const int CommentRefused = 4702;
    public const int TicketNotRecognised = 4703;
    public const int MappingCommentFailed = 4704;
    public const int CommentTransientFailure = 4705;
}
