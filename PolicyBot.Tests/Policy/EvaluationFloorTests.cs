using PolicyBot.Dialogs.Policy.Evaluation;

namespace PolicyBot.Tests.Policy;

/// <summary>Holds the measured accuracy on the evaluation sets a few points below today's figures, so a regression fails CI.</summary>
[Collection(PolicyCollection.Name)]
public sealed class EvaluationFloorTests(PolicyAnswererFixture fixture)
{
    [Fact]
    public void OwnSet_StaysAboveTheFloor()
    {
        var set = EvalSet.Load(Path.Combine(AppContext.BaseDirectory, "Policy", "eval-questions.json"));
        Assert.True(set.OnPolicy.Count >= 150 && set.OffPolicy.Count >= 40, "the own set is too small");

        var result = PolicyEvaluator.Evaluate(fixture.Answerer, set);

        Assert.True(result.StrictRate >= 0.87, result + "\n" + string.Join("\n", result.Misses));
        Assert.True(result.LenientRate >= 0.88, result.ToString());
        Assert.True(result.DeclinedRate >= 0.85, result.ToString());
    }

    [Fact]
    public void HeldOutSet_StaysAboveTheFloor()
    {
        var result = PolicyEvaluator.Evaluate(fixture.Answerer, EvalSet.Load(Path.Combine(AppContext.BaseDirectory, "Policy", "eval-heldout.json")));

        Assert.True(result.StrictRate >= 0.65, result.ToString());
        Assert.True(result.LenientRate >= 0.70, result.ToString());
        Assert.True(result.DeclinedRate >= 0.70, result.ToString());
    }
}
