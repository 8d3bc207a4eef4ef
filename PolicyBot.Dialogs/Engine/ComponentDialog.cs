using System.Text.Json.Nodes;
using PolicyBot.BotFramework.Builder;

namespace PolicyBot.Dialogs.Engine;

/// <summary>
/// A dialog made of other dialogs (a waterfall and its prompts) with its own inner stack, kept in its state.
/// Override <see cref="OnContinueDialogAsync"/> to handle interruptions before the inner dialogs see the message.
/// </summary>
public abstract class ComponentDialog(string id) : Dialog(id)
{
    private const string InnerStackKey = "dialogs";
    private readonly DialogSet _dialogs = new();

    /// <summary>The dialog started when the component begins; by default the first one added.</summary>
    public string? InitialDialogId { get; protected set; }

    protected ComponentDialog AddDialog(Dialog dialog)
    {
        _dialogs.Add(dialog);
        InitialDialogId ??= dialog.Id;
        return this;
    }

    protected Dialog? FindInnerDialog(string dialogId) => _dialogs.Find(dialogId);

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, JsonNode? options, CancellationToken cancellationToken)
    {
        var instance = dc.ActiveDialog!;
        var inner = CreateInnerContext(dc, instance);
        var result = await OnBeginDialogAsync(inner, options, cancellationToken);
        return await AfterInnerTurnAsync(dc, instance, inner, result, cancellationToken);
    }

    public override async Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var instance = dc.ActiveDialog!;
        var inner = CreateInnerContext(dc, instance);
        var result = await OnContinueDialogAsync(inner, cancellationToken);
        return await AfterInnerTurnAsync(dc, instance, inner, result, cancellationToken);
    }

    public override async Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, JsonNode? result, CancellationToken cancellationToken)
    {
        await RepromptDialogAsync(dc.Context, dc.ActiveDialog!, cancellationToken);
        return DialogTurnResult.EndOfTurn;
    }

    public override Task RepromptDialogAsync(ITurnContext turnContext, DialogInstance instance, CancellationToken cancellationToken) =>
        new DialogContext(_dialogs, turnContext, ReadInnerState(instance)).RepromptDialogAsync(cancellationToken);

    protected virtual Task<DialogTurnResult> OnBeginDialogAsync(DialogContext inner, JsonNode? options, CancellationToken cancellationToken) =>
        inner.BeginDialogAsync(InitialDialogId ?? throw new InvalidOperationException($"The component '{Id}' has no dialogs."), options, cancellationToken);

    protected virtual Task<DialogTurnResult> OnContinueDialogAsync(DialogContext inner, CancellationToken cancellationToken) =>
        inner.ContinueDialogAsync(cancellationToken);

    /// <summary>The component's own persisted state, beside its inner stack (flags of interruptions in progress).</summary>
    protected static JsonObject GetComponentState(DialogContext inner) =>
        inner.Parent?.ActiveDialog?.State ?? throw new InvalidOperationException("The component is not on the stack.");

    private DialogContext CreateInnerContext(DialogContext outer, DialogInstance instance) =>
        new(_dialogs, outer.Context, ReadInnerState(instance), outer);

    private static DialogState ReadInnerState(DialogInstance instance) =>
        FromJson<DialogState>(instance.State[InnerStackKey]) ?? new DialogState();

    private static async Task<DialogTurnResult> AfterInnerTurnAsync(DialogContext outer, DialogInstance instance, DialogContext inner, DialogTurnResult result, CancellationToken cancellationToken)
    {
        instance.State[InnerStackKey] = ToJson(inner.State);
        var stillActive = ReferenceEquals(outer.ActiveDialog, instance);
        return result.Status switch
        {
            DialogTurnStatus.Complete when stillActive => await outer.EndDialogAsync(result.Result, cancellationToken),
            DialogTurnStatus.Cancelled or DialogTurnStatus.Empty when stillActive =>
                await outer.EndDialogAsync(null, cancellationToken) is { Status: DialogTurnStatus.Waiting } resumed ? resumed : new DialogTurnResult(DialogTurnStatus.Cancelled),
            _ => result,
        };
    }
}
