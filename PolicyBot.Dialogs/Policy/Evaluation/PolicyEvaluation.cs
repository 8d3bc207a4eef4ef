using System.Text.Json;
using PolicyBot.Dialogs.Policy.Matching;

namespace PolicyBot.Dialogs.Policy.Evaluation;

/// <summary>A question staff might ask and the clauses a right answer cites; the first is the one a strict match needs.</summary>
internal sealed record EvalQuestion(string Question, IReadOnlyList<string> Clauses);

/// <summary>An evaluation set: on-policy questions with their clauses, and questions the policy does not cover.</summary>
internal sealed record EvalSet(IReadOnlyList<EvalQuestion> OnPolicy, IReadOnlyList<string> OffPolicy)
{
    public static EvalSet Load(string path) =>
        JsonSerializer.Deserialize<EvalSet>(File.ReadAllText(path), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
        ?? throw new InvalidDataException($"{path}: empty evaluation set.");
}

/// <summary>
/// Strict: the answer's first part cites the first expected clause. First clause: the first clause the answer cites (the one staff
/// read first) is the first expected clause. Whole answer: any part cites the first expected clause (the issue's "cites the first
/// expected clause", read literally; a two-part question or a close runner-up has its second part). Lenient: the answer cites any
/// expected clause. Declined: an off-policy question is not answered.
/// </summary>
internal sealed record EvalResult(int OnPolicy, int Strict, int Lenient, int OffPolicy, int Declined, IReadOnlyList<string> Misses, int FirstClause = 0, int WholeAnswer = 0)
{
    public double WholeAnswerRate => OnPolicy == 0 ? 0 : (double)WholeAnswer / OnPolicy;
    public double FirstClauseRate => OnPolicy == 0 ? 0 : (double)FirstClause / OnPolicy;
    public double StrictRate => OnPolicy == 0 ? 0 : (double)Strict / OnPolicy;
    public double LenientRate => OnPolicy == 0 ? 0 : (double)Lenient / OnPolicy;
    public double DeclinedRate => OffPolicy == 0 ? 0 : (double)Declined / OffPolicy;

    /// <summary>The results of several sets taken as one.</summary>
    public static EvalResult Sum(IReadOnlyList<EvalResult> results) => new(
        results.Sum(r => r.OnPolicy), results.Sum(r => r.Strict), results.Sum(r => r.Lenient), results.Sum(r => r.OffPolicy),
        results.Sum(r => r.Declined), [.. results.SelectMany(r => r.Misses)], results.Sum(r => r.FirstClause), results.Sum(r => r.WholeAnswer));
    public override string ToString() =>
        $"strict {StrictRate:P1} ({Strict}/{OnPolicy})  first clause {FirstClauseRate:P1} ({FirstClause}/{OnPolicy})  whole answer {WholeAnswerRate:P1} ({WholeAnswer}/{OnPolicy})  lenient {LenientRate:P1} ({Lenient}/{OnPolicy})  off-policy declined {DeclinedRate:P1} ({Declined}/{OffPolicy})";
}

internal static class PolicyEvaluator
{
    public static EvalResult Evaluate(PolicyAnswerer answerer, EvalSet set, RetrievalMode mode = RetrievalMode.Combined, MatchingOptions? options = null)
    {
        options ??= answerer.Options;
        int strict = 0, firstClause = 0, wholeAnswer = 0, lenient = 0, declined = 0;
        var misses = new List<string>();
        foreach (var question in set.OnPolicy)
        {
            var answer = answerer.Answer(question.Question, mode, options);
            var first = answer.Parts.FirstOrDefault()?.ClauseNumbers ?? [];
            var isStrict = answer.IsCovered && first.Contains(question.Clauses[0]);
            var isFirstClause = answer.IsCovered && first.Count > 0 && first[0] == question.Clauses[0];
            var isLenient = answer.IsCovered && answer.ClauseNumbers.Intersect(question.Clauses).Any();
            strict += isStrict ? 1 : 0;
            wholeAnswer += answer.IsCovered && answer.ClauseNumbers.Contains(question.Clauses[0]) ? 1 : 0;
            firstClause += isFirstClause ? 1 : 0;
            lenient += isLenient ? 1 : 0;
            if (!isFirstClause)
                misses.Add($"{(isStrict ? "1" : isLenient ? "~" : "✗")} {question.Question} → {(answer.IsCovered ? string.Join(",", answer.ClauseNumbers) + $" via {answer.Parts[0].FaqId ?? "clause"}" : "declined")} ({answer.Confidence:F2}); expected {string.Join(",", question.Clauses)}");
        }
        foreach (var question in set.OffPolicy)
        {
            var answer = answerer.Answer(question, mode, options);
            if (!answer.IsCovered) declined++;
            else misses.Add($"! {question} → answered {string.Join(",", answer.ClauseNumbers)} via {answer.Parts[0].FaqId ?? "clause"} ({answer.Confidence:F2})");
        }
        return new EvalResult(set.OnPolicy.Count, strict, lenient, set.OffPolicy.Count, declined, misses, firstClause, wholeAnswer);
    }

    /// <summary>
    /// Chooses the options that maximise strict accuracy plus the declined share on <paramref name="set"/>, over the given candidates
    /// (each with its best threshold). The model runs once per question; the candidates only recombine the signals.
    /// </summary>
    public static MatchingOptions Calibrate(PolicyAnswerer answerer, EvalSet set, RetrievalMode mode, IEnumerable<MatchingOptions> candidates)
    {
        var on = set.OnPolicy.Select(q => (Scores: answerer.Score(q.Question, mode), Expected: q.Clauses[0])).ToList();
        var off = set.OffPolicy.Select(q => answerer.Score(q, mode)).ToList();
        return candidates.SelectMany(options =>
        {
            var onBest = on.Select(q => answerer.Best(q.Scores, mode, options) is { } b ? (b.Score, Right: b.Target.ClauseNumbers.Contains(q.Expected)) : (0, false)).ToList();
            var offBest = off.Select(s => answerer.Best(s, mode, options)?.Score ?? 0).ToList();
            return Enumerable.Range(20, 70).Select(i => i / 100.0).Select(t => (
                Options: options with { Threshold = t },
                Objective: (double)onBest.Count(x => x.Right && x.Score >= t) / onBest.Count + (double)offBest.Count(s => s < t) / offBest.Count));
        }).MaxBy(x => x.Objective).Options;
    }
}
