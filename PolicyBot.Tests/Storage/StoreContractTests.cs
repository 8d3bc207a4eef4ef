using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PolicyBot.BotFramework.Schema;
using PolicyBot.BotFramework.State;
using PolicyBot.Dialogs.Approvals;
using PolicyBot.Dialogs.Storage;
using PolicyBot.Storage;
using static PolicyBot.Tests.Storage.ApprovalSamples;

namespace PolicyBot.Tests.Storage;

/// <summary>
/// What every store must do, whatever backs it. Each test gets its own tables or file (a new isolation name).
/// Concrete classes: <see cref="SqliteStoreContractTests"/>, <see cref="AzuriteStoreContractTests"/>.
/// </summary>
public abstract class StoreContractTests(StoreBackend backend) : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly string _isolation = StoreBackend.NewIsolation();
    private ServiceProvider? _provider;

    protected StoreBackend Backend => backend;

    private ServiceProvider Provider => _provider ??= backend.CreateServiceProvider(_isolation);

    private IStateStore State => Provider.GetRequiredService<IStateStore>();
    private IProcessedActivityStore Processed => Provider.GetRequiredService<IProcessedActivityStore>();
    private IApprovalStore Approvals => Provider.GetRequiredService<IApprovalStore>();
    private IOutbox Outbox => Provider.GetRequiredService<IOutbox>();
    private ILeaseStore Leases => Provider.GetRequiredService<ILeaseStore>();

    public void Dispose() => _provider?.Dispose();

    // ---- Conversation and user state ----

    [Fact]
    public async Task State_ReadsNothing_WhenNothingWasWritten() =>
        Assert.Null(await State.ReadAsync("msteams/conversations/none", None));

    [Fact]
    public async Task State_IsCreatedReadAndUpdated_WithTheETagItWasReadWith()
    {
        var first = await State.WriteAsync("conv/1", new JsonObject { ["step"] = 1 }, null, None);
        var read = await State.ReadAsync("conv/1", None);
        Assert.Equal(first, read!.ETag);
        Assert.Equal(1, (int)read.Data["step"]!);

        var second = await State.WriteAsync("conv/1", new JsonObject { ["step"] = 2 }, read.ETag, None);

        Assert.NotEqual(first, second);
        Assert.Equal(2, (int)(await State.ReadAsync("conv/1", None))!.Data["step"]!);
    }

    [Fact]
    public async Task State_RefusesAStaleETag_AndKeepsTheNewerWrite()
    {
        var stale = await State.WriteAsync("conv/2", new JsonObject { ["step"] = 1 }, null, None);
        await State.WriteAsync("conv/2", new JsonObject { ["step"] = 2 }, stale, None);

        await Assert.ThrowsAsync<StateConflictException>(() => State.WriteAsync("conv/2", new JsonObject { ["step"] = 99 }, stale, None));
        Assert.Equal(2, (int)(await State.ReadAsync("conv/2", None))!.Data["step"]!);
    }

    [Fact]
    public async Task State_RefusesToCreate_WhatAnotherTurnCreatedFirst()
    {
        await State.WriteAsync("conv/3", new JsonObject { ["by"] = "first" }, null, None);

        await Assert.ThrowsAsync<StateConflictException>(() => State.WriteAsync("conv/3", new JsonObject { ["by"] = "second" }, null, None));
    }

    [Fact]
    public async Task State_IsGone_AfterDelete_AndCanBeCreatedAgain()
    {
        await State.WriteAsync("conv/4", new JsonObject { ["step"] = 1 }, null, None);
        await State.DeleteAsync("conv/4", None);
        await State.DeleteAsync("conv/4", None);

        Assert.Null(await State.ReadAsync("conv/4", None));
        await State.WriteAsync("conv/4", new JsonObject { ["step"] = 1 }, null, None);
    }

    [Fact]
    public async Task State_LosesNoUpdate_When20WritersIncrementOneCounterAndRetryOnConflict()
    {
        const int writers = 20;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var entry = await State.ReadAsync("counter", None);
                var count = entry is null ? 0 : (int)entry.Data["count"]!;
                try
                {
                    await State.WriteAsync("counter", new JsonObject { ["count"] = count + 1 }, entry?.ETag, None);
                    return;
                }
                catch (StateConflictException)
                {
                    // Someone else won this round: read the fresh state and try again.
                }
            }
        })));

        Assert.Equal(writers, (int)(await State.ReadAsync("counter", None))!.Data["count"]!);
    }

    [Fact]
    public async Task State_WrittenByOneStoreInstance_IsContinuedByANewInstanceOnTheSameStore()
    {
        var key = "msteams/conversations/a:1/users/29:1";
        await using (var monday = Backend.CreateServiceProvider(_isolation))
        {
            var store = monday.GetRequiredService<IStateStore>();
            await store.WriteAsync(key, new JsonObject { ["dialog"] = "newSite", ["answered"] = 3 }, null, None);
        }

        await using var wednesday = Backend.CreateServiceProvider(_isolation);
        var restarted = wednesday.GetRequiredService<IStateStore>();
        var entry = await restarted.ReadAsync(key, None);
        Assert.Equal(3, (int)entry!.Data["answered"]!);
        await restarted.WriteAsync(key, new JsonObject { ["dialog"] = "newSite", ["answered"] = 4 }, entry.ETag, None);
        Assert.Equal(4, (int)(await restarted.ReadAsync(key, None))!.Data["answered"]!);
    }

    [Fact]
    public async Task State_KeysDifferingOnlyInReservedCharacters_AreKeptApart()
    {
        string[] keys = ["a/b", "a\\b", "a#b", "a?b", "a%2Fb", "a%b", "a\tb", "a b"];
        foreach (var key in keys)
        {
            await State.WriteAsync(key, new JsonObject { ["key"] = key }, null, None);
        }

        foreach (var key in keys)
        {
            Assert.Equal(key, (string)(await State.ReadAsync(key, None))!.Data["key"]!);
        }
    }

    [Fact]
    public async Task State_OfAbout200KB_RoundTrips()
    {
        var large = LargeApplication(200_000);

        await State.WriteAsync("large", large, null, None);

        Assert.Equal(large.ToJsonString(), (await State.ReadAsync("large", None))!.Data.ToJsonString());
    }

    // ---- Processed activities ----

    [Fact]
    public async Task ProcessedActivity_IsMarkedOnce_UntilItExpiresOrIsForgotten()
    {
        var inADay = DateTimeOffset.UtcNow.AddDays(1);

        Assert.True(await Processed.TryMarkProcessedAsync("msteams/conv/activity-1", inADay, None));
        Assert.False(await Processed.TryMarkProcessedAsync("msteams/conv/activity-1", inADay, None));

        await Processed.ForgetAsync("msteams/conv/activity-1", None);
        Assert.True(await Processed.TryMarkProcessedAsync("msteams/conv/activity-1", inADay, None));
    }

    [Fact]
    public async Task ProcessedActivity_ThatHasExpired_CanBeMarkedAgain()
    {
        Assert.True(await Processed.TryMarkProcessedAsync("activity-2", DateTimeOffset.UtcNow.AddMinutes(-1), None));

        Assert.True(await Processed.TryMarkProcessedAsync("activity-2", DateTimeOffset.UtcNow.AddDays(1), None));
        Assert.False(await Processed.TryMarkProcessedAsync("activity-2", DateTimeOffset.UtcNow.AddDays(1), None));
    }

    [Fact]
    public async Task ProcessedActivity_Expired_ArePurged_AndCurrentOnesKept()
    {
        Assert.True(await Processed.TryMarkProcessedAsync("old-1", DateTimeOffset.UtcNow.AddMinutes(-5), None));
        Assert.True(await Processed.TryMarkProcessedAsync("old-2", DateTimeOffset.UtcNow.AddMinutes(-1), None));
        Assert.True(await Processed.TryMarkProcessedAsync("current", DateTimeOffset.UtcNow.AddDays(1), None));

        Assert.True(await Processed.PurgeExpiredAsync(DateTimeOffset.UtcNow, None) >= 2);

        Assert.False(await Processed.TryMarkProcessedAsync("current", DateTimeOffset.UtcNow.AddDays(1), None));
        Assert.Equal(0, await Processed.PurgeExpiredAsync(DateTimeOffset.UtcNow, None));
    }

    [Fact]
    public async Task ProcessedActivity_DeliveredTenTimesAtOnce_IsHandledByExactlyOne()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            Task.Run(() => Processed.TryMarkProcessedAsync("activity-3", DateTimeOffset.UtcNow.AddDays(1), None))));

        Assert.Single(results, marked => marked);
    }

    // ---- Approvals, decisions, outbox ----

    [Fact]
    public async Task Approval_IsSavedWithItsDecisionsAndNotifications()
    {
        var request = Request();
        var created = await Approvals.SaveAsync(request, null, [], [Notification(request, "manager-1")], None);

        var approved = request with { Status = ApprovalStatus.AwaitingHeadteacher, UpdatedAt = Monday.AddHours(1) };
        var saved = await Approvals.SaveAsync(approved, created.ETag, [Decision(request, "card-action-1")], [Notification(request, "head-1")], None);

        var read = await Approvals.GetAsync(request.Id, None);
        Assert.Equal(saved.ETag, read!.ETag);
        Assert.Equal(ApprovalStatus.AwaitingHeadteacher, read.Value.Status);
        Assert.Equal("Instagram", (string)read.Value.Application["platform"]!);
        var decision = Assert.Single(await Approvals.GetDecisionsAsync(request.Id, None));
        Assert.Equal(Decision(request, "card-action-1"), decision);
        Assert.Equal(["head-1", "manager-1"], (await Outbox.ListForRequestAsync(request.Id, None)).Select(m => m.RecipientId).Order());
    }

    [Fact]
    public async Task Approval_SavedWithAStaleETag_WritesNoneOfItsDecisionsOrNotifications()
    {
        var request = Request();
        var created = await Approvals.SaveAsync(request, null, [], [], None);
        await Approvals.SaveAsync(request with { Status = ApprovalStatus.Withdrawn }, created.ETag, [], [], None);

        var conflict = await Assert.ThrowsAsync<StateConflictException>(() => Approvals.SaveAsync(
            request with { Status = ApprovalStatus.AwaitingHeadteacher }, created.ETag,
            [Decision(request, "late-click")], [Notification(request, "head-1")], None));

        Assert.Equal(StoreMessages.RequestChanged, conflict.Message);
        Assert.Equal(ApprovalStatus.Withdrawn, (await Approvals.GetAsync(request.Id, None))!.Value.Status);
        Assert.Empty(await Approvals.GetDecisionsAsync(request.Id, None));
        Assert.Empty(await Outbox.ListForRequestAsync(request.Id, None));
    }

    [Fact]
    public async Task Approval_RefusesADecisionWhoseIdempotencyKeyIsRecorded_AndWritesNothingOfThatSave()
    {
        var request = Request();
        var created = await Approvals.SaveAsync(request, null, [], [], None);
        var decided = await Approvals.SaveAsync(request with { Status = ApprovalStatus.AwaitingHeadteacher }, created.ETag,
            [Decision(request, "double-click")], [], None);

        var conflict = await Assert.ThrowsAsync<StateConflictException>(() => Approvals.SaveAsync(
            request with { Status = ApprovalStatus.Rejected }, decided.ETag,
            [Decision(request, "double-click", DecisionKind.Rejected)], [Notification(request, "teacher-1")], None));

        Assert.Equal(StoreMessages.DecisionRecorded, conflict.Message);

        Assert.Equal(ApprovalStatus.AwaitingHeadteacher, (await Approvals.GetAsync(request.Id, None))!.Value.Status);
        Assert.Equal(DecisionKind.Approved, Assert.Single(await Approvals.GetDecisionsAsync(request.Id, None)).Decision);
        Assert.Empty(await Outbox.ListForRequestAsync(request.Id, None));
    }

    [Fact]
    public async Task Approval_RefusesToCreate_ARequestThatExists()
    {
        var request = Request();
        await Approvals.SaveAsync(request, null, [], [], None);

        await Assert.ThrowsAsync<StateConflictException>(() => Approvals.SaveAsync(request, null, [], [], None));
    }

    [Fact]
    public async Task Approval_DecidedByTenClicksAtOnce_RecordsExactlyOneDecision()
    {
        var request = Request();
        var created = await Approvals.SaveAsync(request, null, [], [], None);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
        {
            try
            {
                await Approvals.SaveAsync(request with { Status = ApprovalStatus.AwaitingHeadteacher }, created.ETag,
                    [Decision(request, "click-" + i)], [Notification(request, "head-1")], None);
                return true;
            }
            catch (StateConflictException)
            {
                return false;
            }
        })));

        Assert.Single(outcomes, won => won);
        Assert.Single(await Approvals.GetDecisionsAsync(request.Id, None));
        Assert.Single(await Outbox.ListForRequestAsync(request.Id, None));
    }

    [Fact]
    public async Task Approvals_AreFoundByRequester_ByPendingApprover_AndByStatus()
    {
        var mine = Request(requesterId: "teacher-a", lineManagerId: "manager-a", createdAt: Monday);
        var mineLater = Request(requesterId: "teacher-a", status: ApprovalStatus.Approved, createdAt: Monday.AddDays(1));
        var theirs = Request(requesterId: "teacher-b", lineManagerId: "manager-a", status: ApprovalStatus.Rejected);
        foreach (var request in new[] { mine, mineLater, theirs })
        {
            await Approvals.SaveAsync(request, null, [], [], None);
        }

        Assert.Equal([mine.Id, mineLater.Id], (await Approvals.ListByRequesterAsync("teacher-a", None)).Select(r => r.Id));
        Assert.Equal([mine.Id], (await Approvals.ListPendingForApproverAsync("manager-a", None)).Select(r => r.Id));
        Assert.Equal([mineLater.Id], (await Approvals.ListByStatusAsync([ApprovalStatus.Approved], None)).Select(r => r.Id));
        Assert.Equal(2, (await Approvals.ListByStatusAsync([ApprovalStatus.Approved, ApprovalStatus.Rejected], None)).Count);
        Assert.Empty(await Approvals.ListByStatusAsync([], None));
        Assert.Empty(await Approvals.ListByRequesterAsync("nobody", None));
    }

    [Fact]
    public async Task Approval_WithA200KBApplication_RoundTrips()
    {
        var request = Request(application: LargeApplication(200_000));

        await Approvals.SaveAsync(request, null, [], [], None);

        var read = (await Approvals.GetAsync(request.Id, None))!.Value;
        Assert.Equal(request.Application.ToJsonString(), read.Application.ToJsonString());
    }

    [Fact]
    public async Task Approval_WithReservedCharactersInIds_IsStoredAndFound()
    {
        var request = Request(id: "req/1\\a#b?c%d", requesterId: "teacher/with#odd?id");
        var created = await Approvals.SaveAsync(request, null, [], [Notification(request, "manager/1")], None);
        await Approvals.SaveAsync(request with { Status = ApprovalStatus.AwaitingHeadteacher }, created.ETag,
            [Decision(request, "key/with\\odd#chars?")], [], None);

        Assert.Equal(request.Id, (await Approvals.GetAsync(request.Id, None))!.Value.Id);
        Assert.Single(await Approvals.GetDecisionsAsync(request.Id, None));
        Assert.Single(await Outbox.ListForRequestAsync(request.Id, None));
        Assert.Single(await Approvals.ListByRequesterAsync("teacher/with#odd?id", None));
        Assert.Null(await Approvals.GetAsync("req/1", None));
    }

    [Fact]
    public async Task Outbox_ListsPendingDueMessagesOldestFirst_AndForgetsThemOnceDelivered()
    {
        var request = Request();
        var first = Notification(request, "manager-1", createdAt: Monday);
        var second = Notification(request, "head-1", createdAt: Monday.AddMinutes(1));
        var later = Notification(request, "teacher-1", nextAttemptAt: Monday.AddHours(5), createdAt: Monday.AddMinutes(2));
        await Approvals.SaveAsync(request, null, [], [second, first, later], None);

        var due = await Outbox.ListDueAsync(Monday.AddHours(1), 10, None);
        Assert.Equal([first.Id, second.Id], due.Select(m => m.Value.Id));
        Assert.Equal([first.Id], (await Outbox.ListDueAsync(Monday.AddHours(1), 1, None)).Select(m => m.Value.Id));

        var delivered = await Outbox.UpdateAsync(due[0].Value with { DeliveredAt = Monday.AddHours(1), DeliveredActivityId = "activity-9", Attempts = 1 }, due[0].ETag, None);
        await Assert.ThrowsAsync<StateConflictException>(() => Outbox.UpdateAsync(due[0].Value with { Attempts = 1 }, due[0].ETag, None));

        Assert.NotEqual(due[0].ETag, delivered.ETag);
        Assert.Equal([second.Id], (await Outbox.ListDueAsync(Monday.AddHours(1), 10, None)).Select(m => m.Value.Id));
        Assert.Equal([second.Id, later.Id], (await Outbox.ListDueAsync(Monday.AddHours(6), 10, None)).Select(m => m.Value.Id));
        Assert.Equal("activity-9", (await Outbox.ListForRequestAsync(request.Id, None)).Single(m => m.Id == first.Id).DeliveredActivityId);
    }

    [Fact]
    public async Task Outbox_MessageRetriedLater_IsDueAgainOnlyThen()
    {
        var request = Request();
        var message = Notification(request, "manager-1");
        await Approvals.SaveAsync(request, null, [], [message], None);
        var due = Assert.Single(await Outbox.ListDueAsync(Monday, 10, None));

        await Outbox.UpdateAsync(due.Value with { Attempts = 1, NextAttemptAt = Monday.AddMinutes(5), LastError = "Connector 503" }, due.ETag, None);

        Assert.Empty(await Outbox.ListDueAsync(Monday.AddMinutes(1), 10, None));
        Assert.Equal(1, Assert.Single(await Outbox.ListDueAsync(Monday.AddMinutes(5), 10, None)).Value.Attempts);
    }

    // ---- Conversation references, feedback, leases, health ----

    [Fact]
    public async Task ConversationReference_IsSavedReplacedAndRead()
    {
        var references = Provider.GetRequiredService<IConversationReferenceStore>();
        Assert.Null(await references.GetAsync("29:user/1", None));

        await references.SaveAsync("29:user/1", Reference("a:old"), None);
        await references.SaveAsync("29:user/1", Reference("a:new"), None);

        var read = await references.GetAsync("29:user/1", None);
        Assert.Equal("a:new", read!.Conversation!.Id);
        Assert.Equal("https://smba.trafficmanager.net/uk/", read.ServiceUrl);
    }

    [Fact]
    public async Task Feedback_IsListedSinceADate_InTimeOrder()
    {
        var feedback = Provider.GetRequiredService<IFeedbackStore>();
        AnswerFeedback At(string id, DateTimeOffset at) => new(id, "user-1", "Can I use my own phone?", ["4.2"], true, true, at);
        await feedback.RecordAsync(At("late", Monday.AddDays(40)), None);
        await feedback.RecordAsync(At("old", Monday.AddDays(-40)), None);
        await feedback.RecordAsync(At("now", Monday), None);
        await feedback.RecordAsync(At("now", Monday), None);

        var listed = await feedback.ListAsync(Monday, None);

        Assert.Equal(["now", "late"], listed.Select(f => f.Id));
        Assert.Equal(["4.2"], listed[0].CitedClauses);
    }

    [Fact]
    public async Task Lease_IsHeldByOneOwner_UntilReleasedOrExpired()
    {
        Assert.True(await Leases.TryAcquireAsync("reminders", "instance-a", TimeSpan.FromMinutes(5), None));
        Assert.False(await Leases.TryAcquireAsync("reminders", "instance-b", TimeSpan.FromMinutes(5), None));
        Assert.True(await Leases.TryAcquireAsync("reminders", "instance-a", TimeSpan.FromMinutes(5), None));

        await Leases.ReleaseAsync("reminders", "instance-b", None);
        Assert.False(await Leases.TryAcquireAsync("reminders", "instance-b", TimeSpan.FromMinutes(5), None));

        await Leases.ReleaseAsync("reminders", "instance-a", None);
        Assert.True(await Leases.TryAcquireAsync("reminders", "instance-b", TimeSpan.Zero, None));
        Assert.True(await Leases.TryAcquireAsync("reminders", "instance-a", TimeSpan.FromMinutes(5), None));
    }

    [Fact]
    public async Task Lease_ContendedByTenInstancesAtOnce_GoesToExactlyOne()
    {
        var won = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Task.Run(() => Leases.TryAcquireAsync("outbox-dispatch", "instance-" + i, TimeSpan.FromMinutes(1), None))));

        Assert.Single(won, acquired => acquired);
    }

    [Fact]
    public async Task Health_AnswersAndNamesTheStore_WithoutSecrets()
    {
        var health = Provider.GetRequiredService<IStorageHealth>();

        Assert.True(await health.IsHealthyAsync(None));
        Assert.DoesNotContain("AccountKey", health.Description);
        Assert.DoesNotContain(AzuriteProcess.DevelopmentAccountKey, health.Description);
    }

    private static ConversationReference Reference(string conversationId) => new()
    {
        ChannelId = "msteams",
        ServiceUrl = "https://smba.trafficmanager.net/uk/",
        Conversation = new ConversationAccount { Id = conversationId },
        User = new ChannelAccount { Id = "29:user/1" },
    };
}
