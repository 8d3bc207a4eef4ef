using System.Text.Json;

namespace PolicyBot.Dialogs.Policy.Evaluation;

/// <summary>An earlier question, a short follow-up to it, and the clauses a right answer to the follow-up cites (none: off-policy).</summary>
internal sealed record FollowUpPair(string Previous, string FollowUp, IReadOnlyList<string> Expected);

/// <summary>
/// How follow-ups fare when answered with the question before them, as in a conversation. On-policy: right (cites an expected
/// clause), wrong (answered, citing none) or not covered (asked in full). Off-policy: declined, or answered.
/// </summary>
internal sealed record FollowUpResult(int OnPolicy, int Right, int Wrong, int OffPolicy, int Declined, int ReadWith, int RightAlone, IReadOnlyList<string> Misses)
{
    public int NotCovered => OnPolicy - Right - Wrong;

    public override string ToString() =>
        $"{OnPolicy} on-policy: {Right} right, {Wrong} wrong, {NotCovered} not covered (asked in full); {OffPolicy} off-policy: "
        + $"{Declined} declined; {ReadWith} read with the earlier question; answered alone, without it: {RightAlone} right";
}

internal static class FollowUpEvaluator
{
    public static IReadOnlyList<FollowUpPair> Load(string path) =>
        JsonSerializer.Deserialize<FollowUpFile>(File.ReadAllText(path), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })?.Pairs
        ?? throw new InvalidDataException($"{path}: no follow-up pairs.");

    public static FollowUpResult Evaluate(PolicyAnswerer answerer, IReadOnlyList<FollowUpPair> pairs)
    {
        var (right, wrong, declined, readWith, rightAlone) = (0, 0, 0, 0, 0);
        var misses = new List<string>();
        foreach (var pair in pairs)
        {
            var answer = answerer.Answer(pair.FollowUp, pair.Previous);
            readWith += answer.ReadWithQuestion is null ? 0 : 1;
            rightAlone += Cites(answerer.Answer(pair.FollowUp), pair.Expected) ? 1 : 0;
            var outcome = (pair.Expected.Count > 0, answer.IsCovered) switch
            {
                (true, false) => "not covered",
                (true, true) => Cites(answer, pair.Expected) ? "right" : "wrong",
                (false, false) => "declined",
                (false, true) => "answered",
            };
            right += outcome == "right" ? 1 : 0;
            wrong += outcome == "wrong" ? 1 : 0;
            declined += outcome == "declined" ? 1 : 0;
            if (outcome is not ("right" or "declined"))
                misses.Add($"{outcome}: {pair.Previous} >> {pair.FollowUp} → {string.Join(",", answer.ClauseNumbers)}"
                    + $"{(answer.ReadWithQuestion is null ? "" : " (read with)")}; expected {string.Join(",", pair.Expected)}");
        }
        var onPolicy = pairs.Count(p => p.Expected.Count > 0);
        return new FollowUpResult(onPolicy, right, wrong, pairs.Count - onPolicy, declined, readWith, rightAlone, misses);
    }

    private static bool Cites(PolicyAnswer answer, IReadOnlyList<string> expected) => answer.ClauseNumbers.Intersect(expected).Any();

    private sealed record FollowUpFile(IReadOnlyList<FollowUpPair> Pairs);
}
