using PolicyBot.BotFramework.Builder;

namespace PolicyBot.Dialogs.Engine;

/// <summary>The dialogs that can be started by id in one context (the bot's top level, or inside a component).</summary>
public sealed class DialogSet
{
    private readonly Dictionary<string, Dialog> _dialogs = new(StringComparer.Ordinal);

    public DialogSet Add(Dialog dialog)
    {
        if (!_dialogs.TryAdd(dialog.Id, dialog))
        {
            throw new InvalidOperationException($"A dialog with the id '{dialog.Id}' is already in the set.");
        }
        return this;
    }

    public Dialog? Find(string id) => _dialogs.GetValueOrDefault(id);

    public DialogContext CreateContext(ITurnContext turnContext, DialogState state) => new(this, turnContext, state);
}
