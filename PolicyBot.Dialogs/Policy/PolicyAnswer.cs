namespace PolicyBot.Dialogs.Policy;

/// <summary>The policy's answer to one staff question. When <see cref="IsCovered"/> is false, <see cref="Parts"/> is empty and the bot offers to pass the question on.</summary>
public sealed record PolicyAnswer(
    bool IsCovered,
    double Confidence,
    IReadOnlyList<AnswerPart> Parts,
    IReadOnlyList<string> FollowUpQuestions,
    bool IsSafeguarding,
    string PolicyVersion)
{
    /// <summary>Who to ask when the policy does not cover the question.</summary>
    public string EscalationContact { get; init; } = "the Headteacher";

    /// <summary>
    /// When the policy does not cover the question: the questions it does answer that came closest, for staff to tap if one is
    /// what they meant. Never an answer: they are offered as questions, below the "not covered".
    /// </summary>
    public IReadOnlyList<string> ClosestQuestions { get; init; } = [];

    /// <summary>
    /// When the policy does not cover the question: it reads as a follow-up to an earlier one ("what if they've left?") and could
    /// not be answered with it, so the bot asks for the question in full rather than only saying it is not covered.
    /// </summary>
    public bool ReadsAsFollowUp { get; init; }

    /// <summary>The earlier question this one was read with, when it was answered as a follow-up to it.</summary>
    public string? ReadWithQuestion { get; init; }

    /// <summary>All clause numbers cited, in order, without repeats.</summary>
    public IReadOnlyList<string> ClauseNumbers => Parts.SelectMany(p => p.ClauseNumbers).Distinct().ToList();
}

/// <summary>One answered part: a verdict first, one or two plain sentences, and the clauses as printed ("6.5", "6.2.1").</summary>
public sealed record AnswerPart(string Verdict, string Explanation, IReadOnlyList<string> ClauseNumbers, string? FaqId, double Confidence)
{
    /// <summary>"Policy 6.5, 6.2.1".</summary>
    public string Citation => ClauseNumbers.Count == 0 ? "" : "Policy " + string.Join(", ", ClauseNumbers);
}
