using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PolicyBot.BotFramework.State;
using PolicyBot.Dialogs.Approvals;
using PolicyBot.Dialogs.Storage;
using PolicyBot.Tests.Infrastructure;
using static PolicyBot.Tests.Storage.ApprovalSamples;

namespace PolicyBot.Tests.Storage;

/// <summary>
/// Table writes that land in Azurite but whose response is lost on the way back: the Azure client, with the retry
/// options <c>AddPolicyBotStorage</c> gives it, sends the write again, and that retry is refused (409 or 412) because
/// the first attempt succeeded. The store must recognise its own write: it reports success (no false conflict, no
/// "not saved"), returns the stored ETag, and exactly one write is stored.
/// </summary>
public sealed class TableLostResponseTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly string _prefix = StoreBackend.NewIsolation();
    private TcpProxy? _network;
    private ServiceProvider? _stores;

    private TcpProxy Network => _network ??= TcpProxy.Start(azurite.Azurite.Port);

    private ServiceProvider Stores => _stores ??= StoreBackend.ProviderFor(new Dictionary<string, string?>(azurite.Settings(_prefix))
    {
        ["Storage:ConnectionString"] = azurite.Azurite.ConnectionStringThrough(Network.Port),
    });

    private IStateStore State => Stores.GetRequiredService<IStateStore>();
    private IProcessedActivityStore Processed => Stores.GetRequiredService<IProcessedActivityStore>();
    private IApprovalStore Approvals => Stores.GetRequiredService<IApprovalStore>();
    private IOutbox Outbox => Stores.GetRequiredService<IOutbox>();

    public void Dispose()
    {
        _stores?.Dispose();
        _network?.Cut();
    }

    [Fact]
    public async Task NewState_WhoseResponseIsLost_IsSaved_NotAConflict()
    {
        Network.LoseNextResponse(RequestLine("POST", $"/{_prefix}State"));

        var etag = await State.WriteAsync("conv", new JsonObject { ["step"] = 1 }, null, None);

        Assert.Equal(1, Network.LostResponses);
        var stored = await State.ReadAsync("conv", None);
        Assert.Equal(1, (int)stored!.Data["step"]!);
        Assert.Equal(etag, stored.ETag);
    }

    [Fact]
    public async Task StateUpdate_WhoseResponseIsLost_IsSaved_AndItsETagIsTheStoredOne()
    {
        var first = await State.WriteAsync("conv", new JsonObject { ["step"] = 1 }, null, None);
        Network.LoseNextResponse(RequestLine("PUT", $"/{_prefix}State("));

        var second = await State.WriteAsync("conv", new JsonObject { ["step"] = 2 }, first, None);

        Assert.Equal(1, Network.LostResponses);
        var stored = await State.ReadAsync("conv", None);
        Assert.Equal(2, (int)stored!.Data["step"]!);
        Assert.Equal(second, stored.ETag);
        await State.WriteAsync("conv", new JsonObject { ["step"] = 3 }, second, None); // the next turn saves on it
        await Assert.ThrowsAsync<StateConflictException>(() => State.WriteAsync("conv", new JsonObject { ["step"] = 9 }, first, None));
    }

    [Fact]
    public async Task ActivityMark_WhoseResponseIsLost_IsOurs_NotARedelivery()
    {
        Network.LoseNextResponse(RequestLine("POST", $"/{_prefix}ProcessedActivities"));

        Assert.True(await Processed.TryMarkProcessedAsync("activity-1", DateTimeOffset.UtcNow.AddHours(1), None));

        Assert.Equal(1, Network.LostResponses);
        Assert.False(await Processed.TryMarkProcessedAsync("activity-1", DateTimeOffset.UtcNow.AddHours(1), None));
    }

    [Fact]
    public async Task NewApproval_WhoseResponseIsLost_IsSaved_WithItsNotificationOnce()
    {
        var request = Request();
        var notification = Notification(request, "manager-1");
        Network.LoseNextResponse(RequestLine("POST", "/$batch"));

        var created = await Approvals.SaveAsync(request, null, [], [notification], None);

        Assert.Equal(1, Network.LostResponses);
        Assert.Equal(created.ETag, (await Approvals.GetAsync(request.Id, None))!.ETag);
        Assert.Equal(notification.Id, Assert.Single(await Outbox.ListForRequestAsync(request.Id, None)).Id);
    }

    [Fact]
    public async Task Decision_WhoseResponseIsLost_IsSaved_WithOneDecisionAndItsNotifications()
    {
        var request = Request();
        var created = await Approvals.SaveAsync(request, null, [], [Notification(request, "manager-1")], None);
        var approved = request with { Status = ApprovalStatus.AwaitingHeadteacher, UpdatedAt = Monday.AddHours(1) };
        Network.LoseNextResponse(RequestLine("POST", "/$batch"));

        var saved = await Approvals.SaveAsync(approved, created.ETag, [Decision(request, "card-action-1")], [Notification(request, "head-1")], None);

        Assert.Equal(1, Network.LostResponses);
        var stored = await Approvals.GetAsync(request.Id, None);
        Assert.Equal(saved.ETag, stored!.ETag);
        Assert.Equal(ApprovalStatus.AwaitingHeadteacher, stored.Value.Status);
        Assert.Equal(Decision(request, "card-action-1"), Assert.Single(await Approvals.GetDecisionsAsync(request.Id, None)));
        Assert.Equal(["head-1", "manager-1"], (await Outbox.ListForRequestAsync(request.Id, None)).Select(m => m.RecipientId).Order());
    }

    [Fact]
    public async Task OutboxClaim_WhoseResponseIsLost_IsTaken_NotAConflict()
    {
        var due = await QueuedNotificationAsync();
        var claim = Claim(due.Value);
        Network.LoseNextResponse(OutboxUpdate);

        var claimed = await Outbox.UpdateAsync(claim, due.ETag, None);

        Assert.Equal(1, Network.LostResponses);
        var stored = Assert.Single(await Outbox.ListDueAsync(claim.NextAttemptAt, 10, None));
        Assert.Equal((1, claim.NextAttemptAt), (stored.Value.Attempts, stored.Value.NextAttemptAt));
        Assert.Equal(claimed.ETag, stored.ETag);
        // Another instance that listed the message before the claim cannot claim it too.
        await Assert.ThrowsAsync<StateConflictException>(() => Outbox.UpdateAsync(claim, due.ETag, None));
    }

    [Fact]
    public async Task OutboxDelivery_WhoseResponseIsLost_IsMarked_NotAConflict()
    {
        var due = await QueuedNotificationAsync();
        var claimed = await Outbox.UpdateAsync(Claim(due.Value), due.ETag, None);
        var done = claimed.Value with { DeliveredAt = Monday.AddMinutes(1), DeliveredActivityId = "activity-9", DeliveredConversationId = "a:chat" };
        Network.LoseNextResponse(OutboxUpdate);

        var delivered = await Outbox.UpdateAsync(done, claimed.ETag, None);

        Assert.Equal(1, Network.LostResponses);
        Assert.Equal("activity-9", Assert.Single(await Outbox.ListForRequestAsync(due.Value.RequestId, None)).DeliveredActivityId);
        Assert.Empty(await Outbox.ListDueAsync(Monday.AddDays(1), 10, None));
        // A second write on the claim (e.g. "retry later") is refused: the message is delivered.
        await Assert.ThrowsAsync<StateConflictException>(() => Outbox.UpdateAsync(claimed.Value with { LastError = "Connector 503" }, claimed.ETag, None));
        // The returned ETag is the stored one: an If-Match write with it is accepted.
        await Outbox.UpdateAsync(done with { LastError = "checked" }, delivered.ETag, None);
    }

    /// <summary>A new request with one notification queued, as the dispatcher lists it.</summary>
    private async Task<Versioned<OutboxMessage>> QueuedNotificationAsync()
    {
        var request = Request();
        await Approvals.SaveAsync(request, null, [], [Notification(request, "manager-1")], None);
        return Assert.Single(await Outbox.ListDueAsync(Monday, 10, None));
    }

    /// <summary>The dispatcher's claim: one more attempt, and no other attempt for five minutes.</summary>
    private static OutboxMessage Claim(OutboxMessage message) =>
        message with { Attempts = message.Attempts + 1, NextAttemptAt = Monday.AddMinutes(5) };

    /// <summary>An outbox row replaced If-Match: <c>PUT /account/{prefix}Approvals(PartitionKey=…,RowKey=…)</c> (requests are only written in a batch).</summary>
    private Func<string, bool> OutboxUpdate => RequestLine("PUT", $"/{_prefix}Approvals(");

    /// <summary>Matches a request line such as <c>PUT /devstoreaccount1/T1State(PartitionKey='a',RowKey='state') HTTP/1.1</c>.</summary>
    private static Func<string, bool> RequestLine(string method, string pathPart) =>
        line => line.StartsWith(method + " ", StringComparison.Ordinal) && line.Contains(pathPart, StringComparison.Ordinal);
}
