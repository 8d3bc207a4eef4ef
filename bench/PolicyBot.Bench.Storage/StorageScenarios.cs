using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PolicyBot.BotFramework.State;
using PolicyBot.Dialogs.Approvals;
using PolicyBot.Dialogs.Storage;

namespace PolicyBot.Bench.Storage;

/// <summary>The two things every turn and every decision do to the store, one operation per call.</summary>
internal sealed class StorageScenarios(IServiceProvider stores, int records)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private readonly IStateStore _state = stores.GetRequiredService<IStateStore>();
    private readonly IApprovalStore _approvals = stores.GetRequiredService<IApprovalStore>();
    private int _turn;

    /// <summary>A turn: load the conversation's state, change the dialog's progress, save it with the ETag read.</summary>
    public async Task StateTurnAsync()
    {
        var key = $"msteams/conversations/a:bench-{_turn++ % records}/state";
        var entry = await _state.ReadAsync(key, CancellationToken.None);
        var data = entry?.Data ?? DialogState();
        data["turn"] = _turn;
        await _state.WriteAsync(key, data, entry?.ETag, CancellationToken.None);
    }

    /// <summary>A decision: read the request, record a decision and queue a notification in one ETag-checked save.</summary>
    public async Task ApprovalDecisionAsync()
    {
        var id = $"bench-request-{_turn++ % records}";
        var current = await _approvals.GetAsync(id, CancellationToken.None);
        var request = current?.Value ?? NewRequest(id);
        var changed = request with
        {
            Status = request.Status == ApprovalStatus.AwaitingLineManager ? ApprovalStatus.AwaitingHeadteacher : ApprovalStatus.AwaitingLineManager,
            UpdatedAt = Start.AddSeconds(_turn),
        };
        ApprovalDecision[] decisions = current is null ? [] :
        [
            new(id, ApprovalStage.LineManager, "manager-1", "Mr Manager", DecisionKind.Approved, null, Start.AddSeconds(_turn), Guid.NewGuid().ToString()),
        ];
        OutboxMessage[] notifications =
        [
            new() { Id = Guid.NewGuid().ToString(), RequestId = id, RecipientId = "head-1", Kind = "approval-card", CreatedAt = Start },
        ];
        await _approvals.SaveAsync(changed, current?.ETag, decisions, notifications, CancellationToken.None);
    }

    /// <summary>About 2 KB: a waterfall's step, options and the answers collected so far.</summary>
    private static JsonObject DialogState()
    {
        var answers = new JsonObject();
        for (var i = 0; i < 20; i++)
        {
            answers["question" + i] = "An answer of about the length a teacher types into the form.";
        }
        return new JsonObject { ["dialogStack"] = new JsonArray(new JsonObject { ["id"] = "newSite", ["stepIndex"] = 7, ["values"] = answers }) };
    }

    private static ApprovalRequest NewRequest(string id) => new()
    {
        Id = id,
        Requester = new StaffMember("teacher-1", "Ms Teacher"),
        LineManager = new StaffMember("manager-1", "Mr Manager"),
        Headteacher = new StaffMember("head-1", "Dr Head"),
        Status = ApprovalStatus.AwaitingLineManager,
        Application = new JsonObject { ["platform"] = "Instagram", ["purpose"] = new string('x', 4000) },
        Title = "Benchmark request",
        CreatedAt = Start,
        UpdatedAt = Start,
    };
}
