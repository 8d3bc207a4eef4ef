using PolicyBot.Dialogs.Policy.Evaluation;

namespace PolicyBot.Tests.Policy;

/// <summary>Holds the measured accuracy on the evaluation sets a few points below today's figures, so a regression fails CI.</summary>
[Collection(PolicyCollection.Name)]
public sealed class EvaluationFloorTests(PolicyAnswererFixture fixture)
{
    /// <summary>
    /// Measured 2026-11-25: second session 93.9 % strict, 88.4 % first clause, 95.6 % lenient, 95.4 % declined (87 off-policy questions);
    /// third session 95.6 / 91.2 / 96.7 / 97.7 %.
    /// </summary>
    [Fact]
    public void OwnSet_StaysAboveTheFloor()
    {
        var set = EvalSet.Load(Path.Combine(AppContext.BaseDirectory, "Policy", "eval-questions.json"));
        Assert.True(set.OnPolicy.Count >= 150 && set.OffPolicy.Count >= 80, "the own set is too small");

        var result = PolicyEvaluator.Evaluate(fixture.Answerer, set);

        Assert.True(result.StrictRate >= 0.92, result + "\n" + string.Join("\n", result.Misses));
        Assert.True(result.FirstClauseRate >= 0.86, result + "\n" + string.Join("\n", result.Misses));
        Assert.True(result.LenientRate >= 0.94, result.ToString());
        Assert.True(result.DeclinedRate >= 0.94, result.ToString());
    }

    /// <summary>
    /// Measured 2026-11-25 (second session), strict / first clause / lenient / declined: A 97.5 / 95 / 100 / 100 %, B 82.5 / 72.5 / 87.5 / 100 %
    /// (A and B are development sets since then); unseen C 76 / 72 / 94 / 86.7 %, D 78.3 / 66.7 / 90 / 100 % (measured at the end only).
    /// Third session: A 97.5 / 97.5 / 100 / 100 %, B 92.5 / 82.5 / 95 / 100 %, development set E (new) 84 / 79 / 97 / 92 %;
    /// unseen C 78 / 76 / 94 / 93.3 %, D 76.7 / 65 / 88.3 / 100 %.
    /// Fourth session: unseen C 82 / 80 / 94 / 93.3 %, D 78.3 / 70 / 90 / 100 %, blind F (new) 81.2 / 71.3 / 91.2 / 90 %.
    /// Fifth session: development set G (new) 75 / 63.7 / 86.3 / 75 % before any change, 85 / 72.5 / 97.5 / 95 % after;
    /// development set I (new) 82.5 / 76.2 / 88.7 / 85 % before any change, 88.7 / 81.2 / 96.3 / 95 % after;
    /// development sets J (new, short phone-typed questions) 85 / 73.8 / 90 / 90 % before, 93.8 / 77.5 / 100 / 95 % after, and
    /// K (new, situations, 30 off-policy near misses) 68.6 / 58.6 / 87.1 / 70 % before, 75.7 / 64.3 / 97.1 / 83.3 % after: two of its
    /// off-policy questions (a nude image of a pupil, abuse in a pupils' group chat) get the safeguarding answer by design.
    /// development sets L (new, broad and managers' questions) 78.7 / 67.5 / 91.2 / 95 % before, 86.3 / 72.5 / 97.5 / 100 % after,
    /// and M (new, indirect, negative and app-specific questions) 75 / 65 / 82.5 / 55 % before, 85 / 75 / 92.5 / 70 % after: its
    /// off-policy questions are near misses written to be mistaken for the policy (TOIL for running the school's Instagram,
    /// how often the school page should post), hence its lower declined floor.
    /// development sets P (new, alternative-provision roles) 81.2 / 71.3 / 90 / 95 % before, 88.7 / 78.7 / 97.5 / 95 % after, and
    /// Q (new, yes/no checks and misspellings) 87.5 / 80 / 92.5 / 60 % before, 91.2 / 82.5 / 98.8 / 75 % after (its off-policy
    /// questions include photos of pupils on your own phone and a parent texting your mobile, which the bot answers from 6.7 and 7.1).
    /// development set R (new, 50 off-policy near misses) 94 / 84 / 100 / 86 % before, 94 / 84 / 100 / 92 % after.
    /// blind H (new) 70 / 56.2 / 93.8 / 95 %: its questions cite several clauses in an order the answers often do not
    /// (87.5 % of its answers cite its first clause somewhere), hence its lower floors on the first part and first clause.
    /// Blind N and O (new, measured once at the end): N 92.5 / 78.7 / 97.5 / 85 %, O 90 / 82.5 / 96.3 / 90 %.
    /// Misses are not printed: C, D, F, H, N and O are never inspected for tuning.
    /// </summary>
    [Theory]
    [InlineData("eval-heldout.json", 0.72, 0.60, 0.85)]
    [InlineData("eval-heldout-b.json", 0.72, 0.60, 0.85)]
    [InlineData("eval-heldout-c.json", 0.72, 0.60, 0.85)]
    [InlineData("eval-heldout-d.json", 0.72, 0.60, 0.85)]
    [InlineData("eval-dev-e.json", 0.72, 0.60, 0.85)]
    [InlineData("eval-blind-f.json", 0.72, 0.60, 0.85)]
    [InlineData("eval-dev-g.json", 0.72, 0.60, 0.85)]
    [InlineData("eval-dev-i.json", 0.72, 0.60, 0.85)]
    [InlineData("eval-dev-j.json", 0.72, 0.60, 0.85)]
    [InlineData("eval-dev-k.json", 0.72, 0.60, 0.78)]
    [InlineData("eval-dev-l.json", 0.72, 0.60, 0.85)]
    [InlineData("eval-dev-m.json", 0.72, 0.60, 0.60)]
    [InlineData("eval-dev-p.json", 0.72, 0.60, 0.85)]
    [InlineData("eval-dev-q.json", 0.72, 0.60, 0.70)]
    [InlineData("eval-dev-r.json", 0.72, 0.60, 0.85)]
    [InlineData("eval-blind-h.json", 0.64, 0.50, 0.85)]
    [InlineData("eval-blind-n.json", 0.72, 0.60, 0.80)]
    [InlineData("eval-blind-o.json", 0.72, 0.60, 0.85)]
    public void HeldOutSet_StaysAboveTheFloor(string file, double strictFloor, double firstClauseFloor, double declinedFloor)
    {
        var result = PolicyEvaluator.Evaluate(fixture.Answerer, EvalSet.Load(Path.Combine(AppContext.BaseDirectory, "Policy", file)));

        Assert.True(result.StrictRate >= strictFloor, result.ToString());
        Assert.True(result.FirstClauseRate >= firstClauseFloor, result.ToString());
        Assert.True(result.LenientRate >= 0.83, result.ToString());
        Assert.True(result.DeclinedRate >= declinedFloor, result.ToString());
    }

    /// <summary>
    /// Follow-ups answered with the question before them (development set of 40 pairs written by a helper from the policy text
    /// only; the follow-up openings were widened on it). Measured 2026-12-06: 15 of 30 right (4 answered alone), 3 wrong (all three
    /// answered alone, without the earlier question), 12 asked in full; 9 of 10 off-policy declined.
    /// </summary>
    [Fact]
    public void FollowUpSet_StaysAboveTheFloor()
    {
        var result = FollowUpEvaluator.Evaluate(fixture.Answerer, FollowUpEvaluator.Load(Path.Combine(AppContext.BaseDirectory, "Policy", "eval-follow-ups.json")));

        Assert.True(result.Right >= 13, result + "\n" + string.Join("\n", result.Misses));
        Assert.True(result.Wrong <= 4, result + "\n" + string.Join("\n", result.Misses));
        Assert.True(result.Declined >= 8, result.ToString());
    }
}
