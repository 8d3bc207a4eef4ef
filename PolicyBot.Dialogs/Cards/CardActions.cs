using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace PolicyBot.Dialogs.Cards;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ExecuteAction), "Action.Execute")]
[JsonDerivedType(typeof(SubmitAction), "Action.Submit")]
[JsonDerivedType(typeof(ToggleVisibilityAction), "Action.ToggleVisibility")]
[JsonDerivedType(typeof(ShowCardAction), "Action.ShowCard")]
[JsonDerivedType(typeof(OpenUrlAction), "Action.OpenUrl")]
public abstract record CardAction(string Title)
{
    public string? Id { get; init; }

    /// <summary>"default", "positive" or "destructive".</summary>
    public string? Style { get; init; }
}

/// <summary>Universal Actions: the client sends an <c>adaptiveCard/action</c> invoke with the verb and data.</summary>
public sealed record ExecuteAction(string Title, string Verb) : CardAction(Title)
{
    public JsonObject? Data { get; init; }

    /// <summary>"none" or "auto": which inputs travel with the action.</summary>
    public string? AssociatedInputs { get; init; }

    /// <summary>What clients without Universal Actions show instead, typically an Action.Submit with the same data.</summary>
    public CardAction? Fallback { get; init; }
}

/// <summary>The older submit: the client sends a message activity whose <c>value</c> is the data plus the inputs.</summary>
public sealed record SubmitAction(string Title) : CardAction(Title)
{
    public JsonObject? Data { get; init; }
    public string? AssociatedInputs { get; init; }
}

public sealed record ToggleVisibilityAction(string Title, IReadOnlyList<string> TargetElements) : CardAction(Title);

public sealed record ShowCardAction(string Title, AdaptiveCard Card) : CardAction(Title);

public sealed record OpenUrlAction(string Title, string Url) : CardAction(Title);
