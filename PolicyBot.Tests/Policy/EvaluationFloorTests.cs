using PolicyBot.Dialogs.Policy.Evaluation;

namespace PolicyBot.Tests.Policy;

/// <summary>Holds the measured accuracy on the evaluation sets a few points below today's figures, so a regression fails CI.</summary>
[Collection(PolicyCollection.Name)]
public sealed class EvaluationFloorTests(PolicyAnswererFixture fixture)
{
    /// <summary>Measured 2026-11: 89.5 % strict, 90.1 % lenient, 97.6 % declined.</summary>
    [Fact]
    public void OwnSet_StaysAboveTheFloor()
    {
        var set = EvalSet.Load(Path.Combine(AppContext.BaseDirectory, "Policy", "eval-questions.json"));
        Assert.True(set.OnPolicy.Count >= 150 && set.OffPolicy.Count >= 40, "the own set is too small");

        var result = PolicyEvaluator.Evaluate(fixture.Answerer, set);

        Assert.True(result.StrictRate >= 0.86, result + "\n" + string.Join("\n", result.Misses));
        Assert.True(result.LenientRate >= 0.87, result.ToString());
        Assert.True(result.DeclinedRate >= 0.93, result.ToString());
    }

    /// <summary>Measured 2026-11: A 75 % strict, 80 % lenient, 90 % declined; B 72.5 %, 77.5 %, 100 %.</summary>
    [Theory]
    [InlineData("eval-heldout.json")]
    [InlineData("eval-heldout-b.json")]
    public void HeldOutSet_StaysAboveTheFloor(string file)
    {
        var result = PolicyEvaluator.Evaluate(fixture.Answerer, EvalSet.Load(Path.Combine(AppContext.BaseDirectory, "Policy", file)));

        Assert.True(result.StrictRate >= 0.65, result.ToString());
        Assert.True(result.LenientRate >= 0.70, result.ToString());
        Assert.True(result.DeclinedRate >= 0.80, result.ToString());
    }
}
