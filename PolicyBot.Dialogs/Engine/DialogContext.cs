using System.Text.Json.Nodes;
using PolicyBot.BotFramework.Builder;

namespace PolicyBot.Dialogs.Engine;

/// <summary>Runs the dialogs of one stack for one turn: begin, continue, end, replace, cancel, reprompt.</summary>
public sealed class DialogContext(DialogSet dialogs, ITurnContext context, DialogState state, DialogContext? parent = null)
{
    public ITurnContext Context { get; } = context;
    public DialogState State { get; } = state;

    /// <summary>The context of the component this stack belongs to, or null at the top level.</summary>
    public DialogContext? Parent { get; } = parent;

    public DialogInstance? ActiveDialog => State.Stack.Count == 0 ? null : State.Stack[^1];

    /// <summary>A dialog of this set, or of an enclosing one.</summary>
    public Dialog? FindDialog(string id) => dialogs.Find(id) ?? Parent?.FindDialog(id);

    public Task<DialogTurnResult> BeginDialogAsync(string dialogId, object? options = null, CancellationToken cancellationToken = default)
    {
        var dialog = FindDialog(dialogId) ?? throw new InvalidOperationException($"No dialog with the id '{dialogId}' was added.");
        State.Stack.Add(new DialogInstance { Id = dialogId });
        return dialog.BeginDialogAsync(this, Dialog.ToJson(options), cancellationToken);
    }

    /// <summary>Hands the turn to the active dialog; Empty when there is none.</summary>
    public async Task<DialogTurnResult> ContinueDialogAsync(CancellationToken cancellationToken = default)
    {
        if (ActiveDialog is not { } instance)
        {
            return new DialogTurnResult(DialogTurnStatus.Empty);
        }
        return await GetDialog(instance).ContinueDialogAsync(this, cancellationToken);
    }

    /// <summary>Ends the active dialog and resumes the one below it with <paramref name="result"/>.</summary>
    public async Task<DialogTurnResult> EndDialogAsync(JsonNode? result = null, CancellationToken cancellationToken = default)
    {
        await PopAsync(DialogReason.EndCalled, cancellationToken);
        if (ActiveDialog is { } below)
        {
            return await GetDialog(below).ResumeDialogAsync(this, result, cancellationToken);
        }
        return new DialogTurnResult(DialogTurnStatus.Complete, result);
    }

    /// <summary>Ends the active dialog and starts another in its place (loops, restarts).</summary>
    public async Task<DialogTurnResult> ReplaceDialogAsync(string dialogId, object? options = null, CancellationToken cancellationToken = default)
    {
        await PopAsync(DialogReason.ReplaceCalled, cancellationToken);
        return await BeginDialogAsync(dialogId, options, cancellationToken);
    }

    public async Task<DialogTurnResult> CancelAllDialogsAsync(CancellationToken cancellationToken = default)
    {
        if (State.Stack.Count == 0)
        {
            return new DialogTurnResult(DialogTurnStatus.Empty);
        }
        while (State.Stack.Count > 0)
        {
            await PopAsync(DialogReason.CancelCalled, cancellationToken);
        }
        return new DialogTurnResult(DialogTurnStatus.Cancelled);
    }

    /// <summary>Asks the active dialog to repeat its question.</summary>
    public Task RepromptDialogAsync(CancellationToken cancellationToken = default) =>
        ActiveDialog is { } instance
            ? GetDialog(instance).RepromptDialogAsync(Context, instance, cancellationToken)
            : Task.CompletedTask;

    private async Task PopAsync(DialogReason reason, CancellationToken cancellationToken)
    {
        if (ActiveDialog is not { } instance)
        {
            return;
        }
        State.Stack.RemoveAt(State.Stack.Count - 1);
        await GetDialog(instance).EndDialogAsync(Context, instance, reason, cancellationToken);
    }

    private Dialog GetDialog(DialogInstance instance) =>
        FindDialog(instance.Id) ?? throw new InvalidOperationException($"The stack names a dialog '{instance.Id}' that is not in the set.");
}
