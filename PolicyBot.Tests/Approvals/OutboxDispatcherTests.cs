using PolicyBot.BotFramework.Schema;
using PolicyBot.Dialogs.Approvals;
using PolicyBot.Dialogs.Storage;
using PolicyBot.Tests.Infrastructure;
using PolicyBot.Tests.Storage;
using static PolicyBot.Tests.Approvals.ApprovalWorkflowTests;

namespace PolicyBot.Tests.Approvals;

/// <summary>Delivery of approval cards and notices through the outbox, against the local Connector stand-in.</summary>
public sealed class OutboxDispatcherTests(SqliteFixture storage) : IClassFixture<SqliteFixture>, IAsyncLifetime
{
    private ConnectorStandIn _connector = null!;

    public async Task InitializeAsync() => _connector = await ConnectorStandIn.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    [Fact]
    public async Task AnApproverTheBotNeverTalkedTo_GetsTheCardInANewOneToOneChat_OpenedWithTheirEntraIdAndTenant()
    {
        await using var host = ApprovalTestHost.Create(storage, _connector);
        var request = await host.SubmitAsync(GeographyTeacher);

        await host.DeliverAllAsync();

        var created = _connector.CreatedConversations.Select(r => r.Body!).ToList();
        var toManager = Assert.Single(created, c => c["members"]![0]!["id"]!.GetValue<string>() == $"8:orgid:{HeadOfHumanities}");
        Assert.Equal(ApprovalTestHost.TenantId, toManager["tenantId"]!.GetValue<string>());
        Assert.False(toManager["isGroup"]!.GetValue<bool>());
        var card = CardsSentTo(host, HeadOfHumanities).Single();
        Assert.Equal([ApprovalVerbs.Approve, ApprovalVerbs.RequestChanges, ApprovalVerbs.Reject], card["actions"]!.AsArray().Select(a => a!["verb"]!.GetValue<string>()));
        var delivered = (await host.Outbox.ListForRequestAsync(request.Id, default)).Single(m => m.Kind == OutboxKinds.ApprovalCard);
        Assert.NotNull(delivered.DeliveredAt);
        Assert.False(string.IsNullOrEmpty(delivered.DeliveredActivityId));
    }

    [Fact]
    public async Task AConnectorOutage_DelaysTheCard_ThenItArrivesExactlyOnce()
    {
        await using var host = ApprovalTestHost.Create(storage, _connector);
        await host.SubmitAsync(GeographyTeacher);
        _connector.FailNext(6, 503);

        await host.DeliverAllAsync();
        Assert.Empty(_connector.SentActivities);
        var pending = await host.Outbox.ListDueAsync(host.Clock.GetUtcNow().AddHours(1), 10, default);
        Assert.All(pending, m => Assert.Equal("Connector 503", m.Value.LastError));

        for (var minute = 0; minute < 10; minute++)
        {
            host.Clock.Advance(TimeSpan.FromMinutes(1));
            await host.DeliverAllAsync();
        }

        Assert.Single(CardsSentTo(host, HeadOfHumanities));
        host.Clock.Advance(TimeSpan.FromHours(2));
        await host.DeliverAllAsync();
        Assert.Single(CardsSentTo(host, HeadOfHumanities));
    }

    [Fact]
    public async Task ATooManyRequestsStorm_IsRiddenOut_WithoutLosingOrDoublingAnything()
    {
        await using var host = ApprovalTestHost.Create(storage, _connector);
        await host.SubmitAsync(GeographyTeacher);
        await host.SubmitAsync(HistoryTeacher);
        _connector.FailNext(9, 429, retryAfter: TimeSpan.FromSeconds(1));

        for (var step = 0; step < 30; step++)
        {
            await host.DeliverAllAsync();
            host.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(2, CardsSentTo(host, HeadOfHumanities).Count);
        Assert.Single(CardsSentTo(host, GeographyTeacher));
        Assert.Single(CardsSentTo(host, HistoryTeacher));
    }

    [Fact]
    public async Task AConnectorAskingToWaitMinutes_IsNotRetriedInProcess_AndTheCardWaitsAsAsked()
    {
        await using var host = ApprovalTestHost.Create(storage, _connector);
        await host.SubmitAsync(GeographyTeacher);
        _connector.FailNext(1, 429, retryAfter: TimeSpan.FromMinutes(10));

        await host.DeliverAllAsync();

        Assert.Single(_connector.Requests, r => r.Status == 429);
        var waiting = Assert.Single(await host.Outbox.ListDueAsync(host.Clock.GetUtcNow().AddDays(1), 10, default));
        Assert.Equal("Connector 429", waiting.Value.LastError);
        Assert.True(waiting.Value.NextAttemptAt >= host.Clock.GetUtcNow().AddMinutes(10).AddSeconds(-1), $"next attempt {waiting.Value.NextAttemptAt}");
        var sentBefore = _connector.Requests.Count;

        host.Clock.Advance(TimeSpan.FromMinutes(9));
        await host.DeliverAllAsync();
        Assert.Equal(sentBefore, _connector.Requests.Count);

        host.Clock.Advance(TimeSpan.FromMinutes(2));
        await host.DeliverAllAsync();
        Assert.Empty(await host.Outbox.ListDueAsync(host.Clock.GetUtcNow().AddDays(1), 10, default));
        Assert.Single(CardsSentTo(host, HeadOfHumanities));
    }

    [Fact]
    public async Task CardsQueuedBeforeARestart_AreDeliveredAfterIt()
    {
        var isolation = StoreBackend.NewIsolation();
        string requestId;
        await using (var before = ApprovalTestHost.Create(storage, _connector, isolation))
        {
            requestId = (await before.SubmitAsync(GeographyTeacher)).Id;
        }
        Assert.Empty(_connector.SentActivities);

        await using var after = ApprovalTestHost.Create(storage, _connector, isolation);
        await after.DeliverAllAsync();

        Assert.Single(CardsSentTo(after, HeadOfHumanities));
        Assert.All(await after.Outbox.ListForRequestAsync(requestId, default), m => Assert.NotNull(m.DeliveredAt));
    }

    [Fact]
    public async Task TwoInstancesDelivering_AtOnce_SendEachCardOnce()
    {
        var isolation = StoreBackend.NewIsolation();
        await using var first = ApprovalTestHost.Create(storage, _connector, isolation);
        await using var second = ApprovalTestHost.Create(storage, _connector, isolation, clock: first.Clock);
        await first.SubmitAsync(GeographyTeacher);
        await first.SubmitAsync(HistoryTeacher);

        await Task.WhenAll(first.DeliverAllAsync(), second.DeliverAllAsync(), Task.Run(first.DeliverAllAsync), Task.Run(second.DeliverAllAsync));

        Assert.Equal(4, _connector.SentActivities.Count);
        var outbox = await first.Outbox.ListDueAsync(first.Clock.GetUtcNow().AddDays(1), 10, default);
        Assert.Empty(outbox);
    }

    [Fact]
    public async Task WhenTeamsSaysTheAppIsNotInstalled_ItIsInstalledThroughGraph_AndTheCardStillArrives()
    {
        var installer = new RecordingInstaller(AppInstallResult.Installed);
        await using var host = ApprovalTestHost.Create(storage, _connector, installer: installer);
        await host.SubmitAsync(GeographyTeacher);
        _connector.FailNext(1, 403, when: (method, path) => method == "POST" && path == "/v3/conversations");

        await host.DeliverAllAsync();

        Assert.Contains(HeadOfHumanities, installer.Users);
        Assert.Single(CardsSentTo(host, HeadOfHumanities));
    }

    [Fact]
    public async Task WhenTheAppCannotBeInstalled_TheApplicantIsToldWhoMustInstallIt()
    {
        await using var host = ApprovalTestHost.Create(storage, _connector, installer: new RecordingInstaller(AppInstallResult.NotPermitted));
        var request = await host.SubmitAsync(GeographyTeacher);
        _connector.FailNext(1, 403, when: (method, path) => method == "POST" && path == "/v3/conversations");

        await host.DeliverAllAsync();
        await host.DeliverAllAsync();

        Assert.Empty(CardsSentTo(host, HeadOfHumanities));
        var toApplicant = CardsSentTo(host, GeographyTeacher).Select(c => c.ToJsonString()).ToList();
        Assert.Contains(toApplicant, c => c.Contains("reach one of your approvers", StringComparison.Ordinal) && c.Contains("Marcus Reid", StringComparison.Ordinal));
        var card = (await host.Outbox.ListForRequestAsync(request.Id, default)).Single(m => m.Kind == OutboxKinds.ApprovalCard);
        Assert.Null(card.DeliveredAt);
        Assert.Equal("app-not-installed", card.LastError);
    }

    [Fact]
    public async Task APersonWithAStoredConversation_IsReachedThere_WithoutOpeningANewChat()
    {
        await using var host = ApprovalTestHost.Create(storage, _connector);
        await host.SayAsync(HeadOfHumanities, "hello");
        var repliesBefore = _connector.SentActivities.Count;
        await host.SubmitAsync(GeographyTeacher);

        await host.DeliverAllAsync();

        Assert.DoesNotContain(_connector.CreatedConversations, c => c.Body!["members"]![0]!["id"]!.GetValue<string>().EndsWith(HeadOfHumanities, StringComparison.Ordinal));
        Assert.Contains(_connector.SentActivities.Skip(repliesBefore), r => r.Path == $"/v3/conversations/a:chat-{HeadOfHumanities}/activities");
    }

    [Fact]
    public async Task ADecision_UpdatesTheDeliveredCardInPlace_WithTheOutcomeAndNoButtons()
    {
        await using var host = ApprovalTestHost.Create(storage, _connector);
        var request = await host.SubmitAsync(GeographyTeacher);
        await host.DeliverAllAsync();
        var original = (await host.Outbox.ListForRequestAsync(request.Id, default)).Single(m => m.Kind == OutboxKinds.ApprovalCard);

        await host.InvokeAsync(HeadOfHumanities, ApprovalVerbs.Approve, request.Id);
        await host.DeliverAllAsync();

        var update = Assert.Single(_connector.UpdatedActivities);
        Assert.Equal($"/v3/conversations/{original.DeliveredConversationId}/activities/{original.DeliveredActivityId}", update.Path);
        var card = update.Body!["attachments"]![0]!["content"]!.AsObject();
        Assert.Null(card["actions"]);
        Assert.Contains("Approved by Marcus Reid", card.ToJsonString(), StringComparison.Ordinal);
    }

    private static List<System.Text.Json.Nodes.JsonObject> CardsSentTo(ApprovalTestHost host, string userId) => host.CardsSentToAsync(userId).Result;

    private sealed class RecordingInstaller(AppInstallResult result) : ITeamsAppInstaller
    {
        public List<string> Users { get; } = [];

        public Task<AppInstallResult> InstallForUserAsync(string userId, CancellationToken cancellationToken)
        {
            lock (Users)
            {
                Users.Add(userId);
            }
            return Task.FromResult(result);
        }
    }
}
