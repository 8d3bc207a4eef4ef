using System.Text.Json.Nodes;
using PolicyBot.BotFramework.Builder;

namespace PolicyBot.Dialogs.Engine;

public delegate Task<DialogTurnResult> WaterfallStep(WaterfallStepContext step, CancellationToken cancellationToken);

/// <summary>
/// A dialog made of ordered steps. Each step usually stores the previous answer and starts a prompt; the prompt's
/// result arrives in the next step. Its persisted state is the step index, the collected values, the options and an id.
/// </summary>
public class WaterfallDialog : Dialog
{
    private const string StepIndexKey = "stepIndex";
    internal const string ValuesKey = "values";
    internal const string OptionsKey = "options";
    private const string InstanceIdKey = "instanceId";

    private readonly List<(string Name, WaterfallStep Step)> _steps = [];

    public WaterfallDialog(string id, IEnumerable<WaterfallStep>? steps = null) : base(id)
    {
        foreach (var step in steps ?? [])
        {
            AddStep(step);
        }
    }

    public int StepCount => _steps.Count;

    public IReadOnlyList<string> StepNames => _steps.Select(s => s.Name).ToList();

    /// <summary>Adds a step; a name lets <see cref="WaterfallStepContext.GoToStepAsync"/> jump to it.</summary>
    public WaterfallDialog AddStep(WaterfallStep step, string? name = null)
    {
        _steps.Add((name ?? $"step{_steps.Count}", step));
        return this;
    }

    /// <summary>The index of the step a waiting waterfall is on, from its persisted state.</summary>
    public static int GetStepIndex(DialogInstance instance) => instance.State[StepIndexKey]?.GetValue<int>() ?? 0;

    /// <summary>The values a waterfall has collected, from its persisted state.</summary>
    public static JsonObject GetValues(DialogInstance instance) => instance.State[WaterfallDialog.ValuesKey] as JsonObject ?? [];

    public override Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, JsonNode? options, CancellationToken cancellationToken)
    {
        var state = dc.ActiveDialog!.State;
        state[OptionsKey] = options?.DeepClone();
        state[ValuesKey] = new JsonObject();
        state[InstanceIdKey] = Guid.NewGuid().ToString("N");
        return RunStepAsync(dc, 0, DialogReason.EndCalled, null, cancellationToken);
    }

    /// <summary>A waterfall only hears from the user through its prompts; a message that reaches it moves it on.</summary>
    public override Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken) =>
        ResumeDialogAsync(dc, dc.Context.Activity.Text is { } text ? JsonValue.Create(text) : null, cancellationToken);

    public override Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, JsonNode? result, CancellationToken cancellationToken) =>
        RunStepAsync(dc, GetStepIndex(dc.ActiveDialog!) + 1, DialogReason.EndCalled, result, cancellationToken);

    internal Task<DialogTurnResult> RunStepAsync(DialogContext dc, string stepName, JsonNode? result, CancellationToken cancellationToken)
    {
        var index = _steps.FindIndex(s => s.Name == stepName);
        if (index < 0)
        {
            throw new InvalidOperationException($"The waterfall '{Id}' has no step named '{stepName}'.");
        }
        return RunStepAsync(dc, index, DialogReason.EndCalled, result, cancellationToken);
    }

    internal async Task<DialogTurnResult> RunStepAsync(DialogContext dc, int index, DialogReason reason, JsonNode? result, CancellationToken cancellationToken)
    {
        if (index >= _steps.Count)
        {
            return await dc.EndDialogAsync(result, cancellationToken);
        }
        var instance = dc.ActiveDialog!;
        instance.State[StepIndexKey] = index;
        var step = new WaterfallStepContext(this, dc, instance, index, _steps[index].Name, reason, result);
        return await _steps[index].Step(step, cancellationToken);
    }
}

/// <summary>What a waterfall step sees: the turn, the collected values, the options and the previous step's result.</summary>
public sealed class WaterfallStepContext
{
    private readonly WaterfallDialog _waterfall;
    private bool _moved;

    internal WaterfallStepContext(WaterfallDialog waterfall, DialogContext dc, DialogInstance instance, int index, string name, DialogReason reason, JsonNode? result)
    {
        _waterfall = waterfall;
        DialogContext = dc;
        Index = index;
        Name = name;
        Reason = reason;
        Result = result;
        Values = instance.State[WaterfallDialog.ValuesKey] as JsonObject ?? throw new InvalidOperationException("The waterfall's values are missing.");
        Options = instance.State[WaterfallDialog.OptionsKey];
    }

    public DialogContext DialogContext { get; }
    public ITurnContext Context => DialogContext.Context;
    public int Index { get; }
    public string Name { get; }
    public DialogReason Reason { get; }

    /// <summary>The result of the prompt or child dialog the previous step started.</summary>
    public JsonNode? Result { get; }

    /// <summary>Values collected so far; persisted with the waterfall.</summary>
    public JsonObject Values { get; }

    public JsonNode? Options { get; }

    public Task<DialogTurnResult> PromptAsync(string dialogId, PromptOptions options, CancellationToken cancellationToken = default) =>
        DialogContext.BeginDialogAsync(dialogId, options, cancellationToken);

    public Task<DialogTurnResult> BeginDialogAsync(string dialogId, object? options = null, CancellationToken cancellationToken = default) =>
        DialogContext.BeginDialogAsync(dialogId, options, cancellationToken);

    public Task<DialogTurnResult> EndDialogAsync(JsonNode? result = null, CancellationToken cancellationToken = default) =>
        DialogContext.EndDialogAsync(result, cancellationToken);

    /// <summary>Skips to the next step without asking anything, handing it <paramref name="result"/>.</summary>
    public Task<DialogTurnResult> NextAsync(JsonNode? result = null, CancellationToken cancellationToken = default)
    {
        EnsureMovesOnce();
        return _waterfall.RunStepAsync(DialogContext, Index + 1, DialogReason.EndCalled, result, cancellationToken);
    }

    /// <summary>Jumps to a named step (an edit from the summary, a loop back).</summary>
    public Task<DialogTurnResult> GoToStepAsync(string stepName, JsonNode? result = null, CancellationToken cancellationToken = default)
    {
        EnsureMovesOnce();
        return _waterfall.RunStepAsync(DialogContext, stepName, result, cancellationToken);
    }

    private void EnsureMovesOnce()
    {
        if (_moved)
        {
            throw new InvalidOperationException($"The waterfall step '{Name}' already moved on.");
        }
        _moved = true;
    }
}
