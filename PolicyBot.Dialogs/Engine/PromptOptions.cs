using System.Text.Json.Nodes;
using PolicyBot.BotFramework.Builder;

namespace PolicyBot.Dialogs.Engine;

/// <summary>What a prompt asks and how; persisted with the prompt, so keep it small.</summary>
public sealed record PromptOptions
{
    public string Prompt { get; init; } = string.Empty;

    /// <summary>Asked after an answer that did not fit, after the reason; the prompt itself when null.</summary>
    public string? RetryPrompt { get; init; }

    public IReadOnlyList<PromptChoice>? Choices { get; init; }

    /// <summary>Data for the validator (limits, earlier answers to compare with).</summary>
    public JsonObject? Validations { get; init; }

    /// <summary>One or two lines explaining the question, sent when the user says "help".</summary>
    public string? Help { get; init; }

    /// <summary>Names the question on its card, so a submit from an older card is told apart.</summary>
    public string? QuestionId { get; init; }

    /// <summary>The value a card input starts with (e.g. the department from the user's profile).</summary>
    public string? Prefill { get; init; }

    /// <summary>True when the caller sends its own card (the summary) and the prompt sends text only.</summary>
    public bool HideCard { get; init; }

    /// <summary>The options a waiting prompt was started with, from its persisted state.</summary>
    public static PromptOptions Of(DialogInstance instance) => Dialog.FromJson<PromptOptions>(instance.State["options"]) ?? new PromptOptions();
}

/// <summary>A choice and other words that pick it ("parents" for "Pupils' family members").</summary>
public sealed record PromptChoice(string Value, IReadOnlyList<string>? Synonyms = null);

/// <summary>What a prompt's recogniser made of the user's answer; <see cref="Reason"/> says why it did not fit.</summary>
public sealed record PromptRecognition<T>(bool Succeeded, T? Value, string? Reason)
{
    public static PromptRecognition<T> Success(T value) => new(true, value, null);
    public static PromptRecognition<T> Failure(string reason) => new(false, default, reason);
}

/// <summary>What a validator sees: the recognised value, the options and how many tries there have been.</summary>
public sealed class PromptValidatorContext<T>(ITurnContext context, T value, PromptOptions options, int attemptCount)
{
    public ITurnContext Context { get; } = context;
    public T Value { get; } = value;
    public PromptOptions Options { get; } = options;
    public int AttemptCount { get; } = attemptCount;

    /// <summary>Set by a validator that refuses the value: told to the user before the question is asked again.</summary>
    public string? FailureReason { get; set; }

    public bool Fail(string reason)
    {
        FailureReason = reason;
        return false;
    }
}

public delegate Task<bool> PromptValidator<T>(PromptValidatorContext<T> prompt, CancellationToken cancellationToken);
