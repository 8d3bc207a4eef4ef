using PolicyBot.Dialogs.Approvals;
using PolicyBot.Dialogs.Storage;
using PolicyBot.Tests.Storage;

namespace PolicyBot.Tests.Approvals;

/// <summary>The workflow's rules, on the real SQLite stores.</summary>
public sealed class ApprovalWorkflowTests(SqliteFixture storage) : ApprovalHostTest(storage)
{
    internal const string Headteacher = "00000000-0000-0000-0000-0000000000a1";
    internal const string HeadOfHumanities = "00000000-0000-0000-0000-0000000000b1";
    internal const string GeographyTeacher = "00000000-0000-0000-0000-0000000000c1";
    internal const string HistoryTeacher = "00000000-0000-0000-0000-0000000000c2";

    [Fact]
    public async Task Start_SendsTheRequestToTheLineManager_AndQueuesTheirCardAndAWordToTheApplicant()
    {
        var request = await Host.SubmitAsync(GeographyTeacher);

        Assert.Equal(ApprovalStatus.AwaitingLineManager, request.Status);
        Assert.Equal(HeadOfHumanities, request.CurrentApproverId);
        var queued = await Host.Outbox.ListForRequestAsync(request.Id, default);
        Assert.Contains(queued, m => m.Kind == OutboxKinds.ApprovalCard && m.RecipientId == HeadOfHumanities);
        Assert.Contains(queued, m => m.Kind == OutboxKinds.Notice && m.RecipientId == GeographyTeacher);
    }

    [Fact]
    public async Task Start_WhenTheLineManagerIsTheHeadteacher_GoesStraightToTheHeadteacher_AndOneDecisionCoversBothStages()
    {
        var request = await Host.SubmitAsync(HeadOfHumanities);
        Assert.Equal(ApprovalStatus.AwaitingHeadteacher, request.Status);

        var outcome = await Decide(request.Id, Headteacher, DecisionKind.Approved);

        var recorded = Assert.IsType<DecisionOutcome.Recorded>(outcome);
        Assert.Equal(ApprovalStatus.Approved, recorded.Request.Status);
        var decision = Assert.Single(await Host.Store.GetDecisionsAsync(request.Id, default));
        Assert.True(decision.CoversBothStages);
        Assert.Equal(ApprovalStage.Headteacher, decision.Stage);
    }

    [Fact]
    public async Task LineManagerThenHeadteacher_Approve_RecordsBothSignaturesInOrder()
    {
        var request = await Host.SubmitAsync(GeographyTeacher);

        var first = Assert.IsType<DecisionOutcome.Recorded>(await Decide(request.Id, HeadOfHumanities, DecisionKind.Approved));
        Assert.Equal(ApprovalStatus.AwaitingHeadteacher, first.Request.Status);
        var second = Assert.IsType<DecisionOutcome.Recorded>(await Decide(request.Id, Headteacher, DecisionKind.Approved, "Good luck"));
        Assert.Equal(ApprovalStatus.Approved, second.Request.Status);

        var log = await Host.Store.GetDecisionsAsync(request.Id, default);
        Assert.Equal([ApprovalStage.LineManager, ApprovalStage.Headteacher], log.Select(d => d.Stage));
        Assert.Equal([HeadOfHumanities, Headteacher], log.Select(d => d.ApproverId));
        Assert.All(log, d => Assert.Equal(DecisionKind.Approved, d.Decision));
        Assert.Equal("Good luck", log[1].Comment);
        var queued = await Host.Outbox.ListForRequestAsync(request.Id, default);
        Assert.Contains(queued, m => m.RecipientId == GeographyTeacher && m.Payload[ApprovalNotices.EventKey]?.GetValue<string>() == "approved");
        Assert.Contains(queued, m => m.Kind == OutboxKinds.ApprovalCard && m.RecipientId == Headteacher);
    }

    [Fact]
    public async Task TheApplicant_CanNeverApproveTheirOwnRequest()
    {
        var request = await Host.SubmitAsync(GeographyTeacher);

        var outcome = await Decide(request.Id, GeographyTeacher, DecisionKind.Approved);

        Assert.IsType<DecisionOutcome.OwnRequest>(outcome);
        Assert.Empty(await Host.Store.GetDecisionsAsync(request.Id, default));
    }

    [Fact]
    public async Task OnlyTheCurrentStagesApprover_CanDecide()
    {
        var request = await Host.SubmitAsync(GeographyTeacher);

        Assert.IsType<DecisionOutcome.NotYourTurn>(await Decide(request.Id, Headteacher, DecisionKind.Approved));
        Assert.IsType<DecisionOutcome.NotYourTurn>(await Decide(request.Id, HistoryTeacher, DecisionKind.Rejected, "No"));

        Assert.Equal(ApprovalStatus.AwaitingLineManager, (await Host.Store.GetAsync(request.Id, default))!.Value.Status);
        Assert.Empty(await Host.Store.GetDecisionsAsync(request.Id, default));
    }

    [Theory]
    [InlineData(DecisionKind.Rejected)]
    [InlineData(DecisionKind.ChangesRequested)]
    public async Task RejectingOrAskingForChanges_NeedsAComment(DecisionKind decision)
    {
        var request = await Host.SubmitAsync(GeographyTeacher);

        Assert.IsType<DecisionOutcome.CommentRequired>(await Decide(request.Id, HeadOfHumanities, decision, "   "));
        var recorded = Assert.IsType<DecisionOutcome.Recorded>(await Decide(request.Id, HeadOfHumanities, decision, "Pupils under 13 cannot use Instagram (A.2.5)."));

        Assert.Equal(decision == DecisionKind.Rejected ? ApprovalStatus.Rejected : ApprovalStatus.ChangesRequested, recorded.Request.Status);
        Assert.Equal("Pupils under 13 cannot use Instagram (A.2.5).", Assert.Single(await Host.Store.GetDecisionsAsync(request.Id, default)).Comment);
    }

    [Fact]
    public async Task ChangesRequested_ThenResubmitted_StartsAgainAtTheLineManager_AsTheNextRevision()
    {
        var request = await Host.SubmitAsync(GeographyTeacher);
        await Decide(request.Id, HeadOfHumanities, DecisionKind.Approved);
        await Decide(request.Id, Headteacher, DecisionKind.ChangesRequested, "Add a second moderator.");
        var changed = (await Host.Store.GetAsync(request.Id, default))!.Value;
        changed.Application["moderators"] = "Marcus Reid, Jordan Lee, Priya Shah";

        var resubmitted = Assert.IsType<DecisionOutcome.Resubmitted>(await Host.Workflow.ResubmitAsync(changed, GeographyTeacher, default));

        Assert.Equal(ApprovalStatus.AwaitingLineManager, resubmitted.Request.Status);
        Assert.Equal(1, resubmitted.Request.Revision);
        // The first revision's line-manager approval does not count for the second.
        var approvedAgain = Assert.IsType<DecisionOutcome.Recorded>(await Decide(request.Id, HeadOfHumanities, DecisionKind.Approved, revision: 1));
        Assert.Equal(ApprovalStatus.AwaitingHeadteacher, approvedAgain.Request.Status);
        Assert.IsType<DecisionOutcome.Stale>(await Decide(request.Id, Headteacher, DecisionKind.Approved, revision: 0));
        Assert.Equal(3, (await Host.Store.GetDecisionsAsync(request.Id, default)).Count);
    }

    [Fact]
    public async Task TheApplicant_CanWithdrawAPendingRequest_AndNobodyElseCan()
    {
        var request = await Host.SubmitAsync(GeographyTeacher);

        Assert.IsType<DecisionOutcome.NotAllowed>(await Decide(request.Id, HeadOfHumanities, DecisionKind.Withdrawn));
        var withdrawn = Assert.IsType<DecisionOutcome.Recorded>(await Decide(request.Id, GeographyTeacher, DecisionKind.Withdrawn));

        Assert.Equal(ApprovalStatus.Withdrawn, withdrawn.Request.Status);
        var lateClick = Assert.IsType<DecisionOutcome.AlreadyDecided>(await Decide(request.Id, HeadOfHumanities, DecisionKind.Approved));
        Assert.Equal(DecisionKind.Withdrawn, lateClick.Earlier?.Decision);
    }

    [Fact]
    public async Task ManyApproversClickingAtOnce_RecordExactlyOneDecision()
    {
        var request = await Host.SubmitAsync(GeographyTeacher);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() =>
            Decide(request.Id, HeadOfHumanities, i % 3 == 0 ? DecisionKind.Rejected : DecisionKind.Approved, "Clicked " + i))));

        Assert.Single(outcomes.OfType<DecisionOutcome.Recorded>());
        Assert.All(outcomes.Where(o => o is not DecisionOutcome.Recorded), o => Assert.IsType<DecisionOutcome.AlreadyDecided>(o));
        Assert.Single(await Host.Store.GetDecisionsAsync(request.Id, default));
    }

    private Task<DecisionOutcome> Decide(string requestId, string actorId, DecisionKind decision, string? comment = null, int? revision = null) =>
        Host.Workflow.DecideAsync(new DecisionCommand(requestId, actorId, "Someone", decision, comment, revision), default);
}
