namespace PolicyBot.Storage;

/// <summary>The texts of the conflicts and failures both stores report. They never contain ids or user text.</summary>
internal static class StoreMessages
{
    public const string StateChanged = "The state was changed by another turn after it was read.";
    public const string StateExists = "The state was created by another turn in the meantime.";
    public const string RequestChanged = "The approval request was changed by someone else after it was read.";
    public const string RequestExists = "An approval request with this id already exists.";
    public const string DecisionRecorded = "This decision has already been recorded.";
    public const string OutboxChanged = "The notification was changed by another sender after it was read.";
    public const string Unavailable = "The store could not be reached; nothing was saved.";

    public static void RequireSameRequest(string requestId, IEnumerable<string> otherRequestIds)
    {
        if (otherRequestIds.Any(id => id != requestId))
        {
            throw new ArgumentException("Decisions and notifications saved with a request must belong to that request.");
        }
    }
}
