using System.Text.Json.Nodes;
using PolicyBot.BotFramework.Builder;
using PolicyBot.BotFramework.Schema;
using PolicyBot.Dialogs.Approvals;
using PolicyBot.Tests.Storage;
using static PolicyBot.Tests.Approvals.ApprovalWorkflowTests;

namespace PolicyBot.Tests.Approvals;

/// <summary>The card's buttons as Teams sends them (adaptiveCard/action invokes through the adapter and the bot).</summary>
public sealed class ApprovalInvokeTests(SqliteFixture storage) : ApprovalHostTest(storage)
{
    [Fact]
    public async Task Approve_IsAnsweredWithTheOutcomeCard_InTheInvokeResponseFormatTeamsExpects()
    {
        var request = await Host.SubmitAsync(GeographyTeacher);

        var result = await Host.InvokeAsync(HeadOfHumanities, ApprovalVerbs.Approve, request.Id, comment: "Lovely idea");

        var card = CardOf(result);
        Assert.Null(card["actions"]);
        Assert.Contains("Approved by Marcus Reid", card.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("Lovely idea", card.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClickFromAnyoneButTheCurrentApprover_ShowsWhoMustDecide_AndChangesNothing()
    {
        var request = await Host.SubmitAsync(GeographyTeacher);

        var card = CardOf(await Host.InvokeAsync(HistoryTeacher, ApprovalVerbs.Approve, request.Id));

        Assert.Null(card["actions"]);
        Assert.Contains("Only Marcus Reid, the line manager, can decide now", card.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(ApprovalStatus.AwaitingLineManager, (await Host.Store.GetAsync(request.Id, default))!.Value.Status);
        Assert.Empty(await Host.Store.GetDecisionsAsync(request.Id, default));
    }

    [Fact]
    public async Task ParallelInvokesOnOneCard_DoubleClicksTwoDevicesAndRedeliveries_ProduceExactlyOneDecision()
    {
        var request = await Host.SubmitAsync(GeographyTeacher);

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() =>
            Host.InvokeAsync(HeadOfHumanities, i % 2 == 0 ? ApprovalVerbs.Approve : ApprovalVerbs.Reject, request.Id, comment: "From device " + (i % 3), activityId: "invoke-" + (i % 4)))));

        Assert.All(results, r => Assert.Equal(200, r.StatusCode));
        var decision = Assert.Single(await Host.Store.GetDecisionsAsync(request.Id, default));
        Assert.Equal(HeadOfHumanities, decision.ApproverId);
        Assert.All(results.Select(CardOf), card => Assert.Null(card["actions"]));
    }

    [Fact]
    public async Task Refresh_ShowsTheApproverTheButtons_AndEveryoneElseAReadOnlyStatus()
    {
        var request = await Host.SubmitAsync(GeographyTeacher);

        var forApprover = CardOf(await Host.InvokeAsync(HeadOfHumanities, ApprovalVerbs.Refresh, request.Id, revision: null));
        var forOthers = CardOf(await Host.InvokeAsync(Headteacher, ApprovalVerbs.Refresh, request.Id, revision: null));

        Assert.Equal(3, forApprover["actions"]!.AsArray().Count);
        Assert.Null(forOthers["actions"]);
        Assert.Contains("Waiting for Marcus Reid", forOthers.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefreshOfAnOldCard_AfterTheDecision_ShowsTheCurrentState()
    {
        var request = await Host.SubmitAsync(GeographyTeacher);
        await Host.InvokeAsync(HeadOfHumanities, ApprovalVerbs.Approve, request.Id);
        await Host.InvokeAsync(Headteacher, ApprovalVerbs.Reject, request.Id, comment: "Not this term");

        var card = CardOf(await Host.InvokeAsync(HeadOfHumanities, ApprovalVerbs.Refresh, request.Id, revision: null));

        Assert.Null(card["actions"]);
        Assert.Contains("Rejected by Helen Carter", card.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RejectWithoutAComment_KeepsTheButtonsAndAsksForOne()
    {
        var request = await Host.SubmitAsync(GeographyTeacher);

        var card = CardOf(await Host.InvokeAsync(HeadOfHumanities, ApprovalVerbs.Reject, request.Id));

        Assert.Equal(3, card["actions"]!.AsArray().Count);
        Assert.Contains("Please add a comment", card.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(await Host.Store.GetDecisionsAsync(request.Id, default));
    }

    [Fact]
    public async Task TheActionSubmitFallback_DecidesTheSameWay_AndRepliesWithTheOutcome()
    {
        var request = await Host.SubmitAsync(GeographyTeacher);

        await Host.SayAsync(HeadOfHumanities, null, new JsonObject
        {
            [ApprovalVerbs.SubmitVerbKey] = ApprovalVerbs.RequestChanges,
            [ApprovalVerbs.RequestIdKey] = request.Id,
            [ApprovalVerbs.RevisionKey] = 0,
            [ApprovalVerbs.CommentKey] = "Name a second moderator",
        });

        Assert.Equal(DecisionKind.ChangesRequested, Assert.Single(await Host.Store.GetDecisionsAsync(request.Id, default)).Decision);
        Assert.Contains(Connector.SentActivities, r => r.Body!.ToJsonString().Contains("Changes requested by Marcus Reid", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheCommands_ListMyRequests_PendingApprovals_AndTheRegisterForTheHeadteacherOnly()
    {
        var request = await Host.SubmitAsync(GeographyTeacher, title: "Geography, fieldwork");
        await Host.InvokeAsync(HeadOfHumanities, ApprovalVerbs.Approve, request.Id);

        await Host.SayAsync(GeographyTeacher, "my requests");
        await Host.SayAsync(Headteacher, "pending approvals");
        await Host.SayAsync(HistoryTeacher, "site register");
        await Host.InvokeAsync(Headteacher, ApprovalVerbs.Approve, request.Id);
        await Host.SayAsync(Headteacher, "site register");

        var replies = Connector.SentActivities.Select(r => r.Body!.ToJsonString()).ToList();
        Assert.Contains(replies, r => r.Contains("Your requests", StringComparison.Ordinal) && r.Contains("Waiting for Helen Carter", StringComparison.Ordinal));
        Assert.Contains(replies, r => r.Contains("Waiting for your decision", StringComparison.Ordinal) && r.Contains("Geography, fieldwork", StringComparison.Ordinal));
        Assert.Contains(replies, r => r.Contains("Only the headteacher can see the site register", StringComparison.Ordinal));
        var register = Assert.Single(replies, r => r.Contains("Register of approved social media sites", StringComparison.Ordinal));
        Assert.Contains("Reference,Site,Owner,Administrators,Moderators,Host,Closure date,Approved on", register, StringComparison.Ordinal);
        Assert.Contains("\\u0022Geography, fieldwork\\u0022", register, StringComparison.Ordinal);
    }

    private static JsonObject CardOf(ActivityProcessingResult result)
    {
        Assert.Equal(200, result.StatusCode);
        var body = Assert.IsType<JsonObject>(result.Body);
        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        Assert.Equal(AdaptiveCardInvokeResponse.CardContentType, body["type"]!.GetValue<string>());
        return body["value"]!.AsObject();
    }
}
