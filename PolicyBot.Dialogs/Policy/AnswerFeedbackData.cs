using System.Text.Json;
using System.Text.Json.Nodes;

namespace PolicyBot.Dialogs.Policy;

/// <summary>
/// What an answer's "It helped" / "It didn't help" buttons carry back: which answer, to which question, citing what.
/// The question travels in the card so the vote is recorded with it without keeping anything else about the user.
/// </summary>
public sealed record AnswerFeedbackData(string AnswerId, string Question, IReadOnlyList<string> CitedClauses, bool? Helpful = null)
{
    public const string Command = "answer-feedback";
    private const int MaxQuestionLength = 500;

    public JsonObject ToJson() => new()
    {
        ["command"] = Command,
        ["answerId"] = AnswerId,
        ["question"] = Question.Length <= MaxQuestionLength ? Question : Question[..MaxQuestionLength],
        ["clauses"] = new JsonArray(CitedClauses.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()),
        ["helpful"] = Helpful,
    };

    /// <summary>The vote a feedback button sent, or null when the value is not one (or is malformed).</summary>
    public static AnswerFeedbackData? Read(JsonNode? value)
    {
        if (value.GetString("command") != Command || value.GetString("answerId") is not { Length: > 0 and <= 64 } answerId)
        {
            return null;
        }
        var helpful = value!["helpful"] is JsonValue flag && flag.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? flag.GetValue<bool>() : (bool?)null;
        var clauses = value["clauses"] is JsonArray array
            ? array.OfType<JsonValue>().Where(c => c.GetValueKind() == JsonValueKind.String).Select(c => c.GetValue<string>()).Take(10).ToList()
            : [];
        var question = value.GetString("question") ?? "";
        return helpful is null ? null : new AnswerFeedbackData(answerId, question.Length <= MaxQuestionLength ? question : question[..MaxQuestionLength], clauses, helpful);
    }
}
