using Microsoft.Extensions.DependencyInjection;
using PolicyBot.BotFramework.State;
using PolicyBot.Dialogs.Approvals;
using PolicyBot.Dialogs.Storage;
using PolicyBot.Tests.EndToEnd;
using PolicyBot.Tests.Infrastructure;

namespace PolicyBot.Tests.Hardening;

/// <summary>Two instances of the host on one store, as behind one Azure Bot: the same card and the same chat at once.</summary>
public sealed class TwoInstancesTests
{
    [Fact]
    public async Task TheSameCardClickedOnBothInstancesAtOnce_RecordsExactlyOneDecision()
    {
        var database = Path.Combine(Path.GetTempPath(), $"policybot-two-{Guid.NewGuid():N}.db");
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var first = await StaffJourney.StartAsync(database, connector);
        await using var second = await StaffJourney.StartAsync(database, connector);
        var store = first.Bot.Services.GetRequiredService<IApprovalStore>();
        var submitted = await store.SaveAsync(SampleApplications.SubmittedBySam(), null, [], [], CancellationToken.None);
        var request = await first.Bot.Services.GetRequiredService<ApprovalWorkflow>().StartAsync(submitted.Value.Id, CancellationToken.None);
        var card = await first.WaitForApprovalCardAsync(StaffJourney.MarcusId);
        var data = StaffJourney.ButtonData(card, "approve");

        // Double clicks on two devices, each landing on a different instance.
        var clicks = Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? first : second).PressAsync(first.Marcus, "approve", data.DeepClone().AsObject()));
        await Task.WhenAll(clicks);

        var decisions = await store.GetDecisionsAsync(request.Id, CancellationToken.None);
        var decision = Assert.Single(decisions);
        Assert.Equal(StaffJourney.MarcusId, decision.ApproverId);
        Assert.Equal(ApprovalStatus.AwaitingHeadteacher, (await store.GetAsync(request.Id, CancellationToken.None))!.Value.Status);
    }

    [Fact]
    public async Task TheSameChatOnBothInstancesAtOnce_LosesNoAnswerSilently()
    {
        var database = Path.Combine(Path.GetTempPath(), $"policybot-two-{Guid.NewGuid():N}.db");
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var first = await StaffJourney.StartAsync(database, connector);
        await using var second = await StaffJourney.StartAsync(database, connector);
        await first.ExpectAsync(first.Sam, "apply for a site", "Which department");

        // The same person answers twice at once, one message on each instance: one answer is taken, the other is
        // either taken after it or refused with a clear message. Nothing is half-written.
        var both = await Task.WhenAll(first.SayAsync(first.Sam, "yes"), second.SayAsync(second.Sam, "yes"));

        var said = both.SelectMany(replies => replies).Select(StaffJourney.Describe).ToList();
        Assert.Contains(said, s => s.Contains("Are you the author", StringComparison.Ordinal) || s.Contains("Marcus Reid", StringComparison.Ordinal));
        Assert.All(said, s => Assert.DoesNotContain("something went wrong", s, StringComparison.OrdinalIgnoreCase));
        var state = await first.Bot.Services.GetRequiredService<IStateStore>().ReadAsync($"msteams/conversations/{first.Sam.ConversationId}", CancellationToken.None);
        Assert.NotNull(state);
        Assert.Contains("Humanities", state.Data.ToJsonString(), StringComparison.Ordinal);
    }
}
