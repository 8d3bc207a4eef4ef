using System.Text.Json.Nodes;

namespace PolicyBot.Dialogs.Engine;

/// <summary>One dialog on the stack: which dialog it is and its small persisted state.</summary>
public sealed class DialogInstance
{
    public string Id { get; set; } = string.Empty;
    public JsonObject State { get; set; } = [];
}

/// <summary>The dialog stack of a conversation, persisted in conversation state between turns. The top is the last item.</summary>
public sealed class DialogState
{
    public List<DialogInstance> Stack { get; set; } = [];
}

public enum DialogTurnStatus
{
    /// <summary>No dialog was active.</summary>
    Empty,

    /// <summary>A dialog is waiting for the user's next message.</summary>
    Waiting,

    /// <summary>The last dialog on the stack ended with a result.</summary>
    Complete,

    /// <summary>The stack was cancelled.</summary>
    Cancelled,
}

/// <summary>What running a dialog turn came to. Results are JSON so that they can be kept in persisted state.</summary>
public sealed record DialogTurnResult(DialogTurnStatus Status, JsonNode? Result = null)
{
    public static DialogTurnResult EndOfTurn { get; } = new(DialogTurnStatus.Waiting);
}

public enum DialogReason
{
    EndCalled,
    ReplaceCalled,
    CancelCalled,
}
