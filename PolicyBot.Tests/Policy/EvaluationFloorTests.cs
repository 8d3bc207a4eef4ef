using PolicyBot.Dialogs.Policy.Evaluation;

namespace PolicyBot.Tests.Policy;

/// <summary>Holds the measured accuracy on the evaluation sets a few points below today's figures, so a regression fails CI.</summary>
[Collection(PolicyCollection.Name)]
public sealed class EvaluationFloorTests(PolicyAnswererFixture fixture)
{
    /// <summary>Measured 2026-11-25: 90.6 % strict, 84.0 % first clause, 96.1 % lenient, 100 % declined.</summary>
    [Fact]
    public void OwnSet_StaysAboveTheFloor()
    {
        var set = EvalSet.Load(Path.Combine(AppContext.BaseDirectory, "Policy", "eval-questions.json"));
        Assert.True(set.OnPolicy.Count >= 150 && set.OffPolicy.Count >= 40, "the own set is too small");

        var result = PolicyEvaluator.Evaluate(fixture.Answerer, set);

        Assert.True(result.StrictRate >= 0.87, result + "\n" + string.Join("\n", result.Misses));
        Assert.True(result.FirstClauseRate >= 0.80, result + "\n" + string.Join("\n", result.Misses));
        Assert.True(result.LenientRate >= 0.93, result.ToString());
        Assert.True(result.DeclinedRate >= 0.95, result.ToString());
    }

    /// <summary>
    /// Measured 2026-11-25: A 77.5 % strict, 90 % lenient, 100 % declined; B 75 %, 85 %, 100 %; C 70 %, 84 %, 93.3 % (C measured once, at the end).
    /// First clause (feature/policy-accuracy-2): A 75 %, B 65 %, C 64 %.
    /// Misses are not printed: the held-out questions are never inspected for tuning.
    /// </summary>
    [Theory]
    [InlineData("eval-heldout.json")]
    [InlineData("eval-heldout-b.json")]
    [InlineData("eval-heldout-c.json")]
    public void HeldOutSet_StaysAboveTheFloor(string file)
    {
        var result = PolicyEvaluator.Evaluate(fixture.Answerer, EvalSet.Load(Path.Combine(AppContext.BaseDirectory, "Policy", file)));

        Assert.True(result.StrictRate >= 0.66, result.ToString());
        Assert.True(result.FirstClauseRate >= 0.60, result.ToString());
        Assert.True(result.LenientRate >= 0.80, result.ToString());
        Assert.True(result.DeclinedRate >= 0.88, result.ToString());
    }
}
