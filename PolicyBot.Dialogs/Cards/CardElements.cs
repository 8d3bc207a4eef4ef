using System.Text.Json.Serialization;

namespace PolicyBot.Dialogs.Cards;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextBlock), "TextBlock")]
[JsonDerivedType(typeof(FactSet), "FactSet")]
[JsonDerivedType(typeof(Container), "Container")]
[JsonDerivedType(typeof(ColumnSet), "ColumnSet")]
[JsonDerivedType(typeof(Image), "Image")]
[JsonDerivedType(typeof(ActionSet), "ActionSet")]
[JsonDerivedType(typeof(TextInput), "Input.Text")]
[JsonDerivedType(typeof(ChoiceSetInput), "Input.ChoiceSet")]
[JsonDerivedType(typeof(DateInput), "Input.Date")]
[JsonDerivedType(typeof(ToggleInput), "Input.Toggle")]
public abstract record CardElement
{
    public string? Id { get; init; }
    public bool? IsVisible { get; init; }
    public bool? Separator { get; init; }
    public Spacing? Spacing { get; init; }
}

public enum Spacing { None, Small, Default, Medium, Large, ExtraLarge }
public enum TextSize { Small, Default, Medium, Large, ExtraLarge }
public enum TextWeight { Lighter, Default, Bolder }
public enum TextColor { Default, Dark, Light, Accent, Good, Warning, Attention }
public enum ContainerStyle { Default, Emphasis, Good, Attention, Warning, Accent }

/// <summary>Text. Anything a user typed must go through <see cref="CardText.Escape"/> before it is put here.</summary>
public sealed record TextBlock(string Text) : CardElement
{
    public bool Wrap { get; init; } = true;
    public TextSize? Size { get; init; }
    public TextWeight? Weight { get; init; }
    public TextColor? Color { get; init; }
    public bool? IsSubtle { get; init; }
    public int? MaxLines { get; init; }
}

public sealed record Fact(string Title, string Value);

public sealed record FactSet(IReadOnlyList<Fact> Facts) : CardElement;

public sealed record Container(IReadOnlyList<CardElement> Items) : CardElement
{
    public ContainerStyle? Style { get; init; }
    public bool? Bleed { get; init; }
}

public sealed record Column(IReadOnlyList<CardElement> Items)
{
    [JsonPropertyName("type")]
    public string Type => "Column";

    /// <summary>"auto", "stretch" or a weight such as "1".</summary>
    public string? Width { get; init; }
}

public sealed record ColumnSet(IReadOnlyList<Column> Columns) : CardElement;

public sealed record Image(string Url) : CardElement
{
    public string? AltText { get; init; }

    /// <summary>"auto", "small", "medium", "large".</summary>
    public string? Size { get; init; }
}

public sealed record ActionSet(IReadOnlyList<CardAction> Actions) : CardElement;

public sealed record TextInput : CardElement
{
    public TextInput(string id) => Id = id;

    public string? Label { get; init; }
    public string? Placeholder { get; init; }
    public string? Value { get; init; }
    public bool? IsMultiline { get; init; }
    public int? MaxLength { get; init; }
    public bool? IsRequired { get; init; }
    public string? ErrorMessage { get; init; }
}

public sealed record Choice(string Title, string Value);

public sealed record ChoiceSetInput : CardElement
{
    public ChoiceSetInput(string id, IReadOnlyList<Choice> choices) => (Id, Choices) = (id, choices);

    public IReadOnlyList<Choice> Choices { get; init; }
    public string? Label { get; init; }
    public bool? IsMultiSelect { get; init; }

    /// <summary>"compact" (a drop-down) or "expanded" (radio buttons / check boxes).</summary>
    public string? Style { get; init; }
    public string? Value { get; init; }
    public bool? IsRequired { get; init; }
    public string? ErrorMessage { get; init; }
}

public sealed record DateInput : CardElement
{
    public DateInput(string id) => Id = id;

    public string? Label { get; init; }

    /// <summary>ISO dates, yyyy-MM-dd.</summary>
    public string? Min { get; init; }
    public string? Max { get; init; }
    public string? Value { get; init; }
    public bool? IsRequired { get; init; }
    public string? ErrorMessage { get; init; }
}

public sealed record ToggleInput : CardElement
{
    public ToggleInput(string id, string title) => (Id, Title) = (id, title);

    public string Title { get; init; }
    public string? Label { get; init; }
    public string? Value { get; init; }
    public string ValueOn { get; init; } = "true";
    public string ValueOff { get; init; } = "false";
}
