using Microsoft.Data.Sqlite;
using PolicyBot.BotFramework.State;
using PolicyBot.Dialogs.Approvals;
using PolicyBot.Dialogs.Storage;
using static PolicyBot.Storage.Sqlite.SqliteCommands;

namespace PolicyBot.Storage.Sqlite;

/// <summary>
/// Approval requests in <c>approval_requests</c> (indexed by requester, current approver and status), their decision
/// log in <c>approval_decisions</c> (append-only, enforced by triggers) and their notifications in <c>outbox</c>,
/// written in one transaction.
/// </summary>
public sealed class SqliteApprovalStore(SqliteDatabase database) : IApprovalStore
{
    public Task<Versioned<ApprovalRequest>?> GetAsync(string requestId, CancellationToken cancellationToken) =>
        database.RunAsync(connection => connection
            .Sql("SELECT data, etag FROM approval_requests WHERE id = $id", ("$id", requestId))
            .Query(row => new Versioned<ApprovalRequest>(StoredJson.Deserialize<ApprovalRequest>(row.GetString(0)), row.GetString(1)))
            .SingleOrDefault(), cancellationToken);

    public Task<Versioned<ApprovalRequest>> SaveAsync(
        ApprovalRequest request,
        string? expectedETag,
        IReadOnlyList<ApprovalDecision> decisions,
        IReadOnlyList<OutboxMessage> notifications,
        CancellationToken cancellationToken)
    {
        StoreMessages.RequireSameRequest(request.Id, decisions.Select(d => d.RequestId).Concat(notifications.Select(n => n.RequestId)));
        var json = StoredJson.Serialize(request);
        var etag = NewETag();
        return database.RunInTransactionAsync(transaction =>
        {
            WriteRequest(transaction, request, json, etag, expectedETag);
            foreach (var decision in decisions)
            {
                AppendDecision(transaction, decision);
            }
            foreach (var notification in notifications)
            {
                SqliteOutbox.Insert(transaction, notification);
            }
            return new Versioned<ApprovalRequest>(request, etag);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<ApprovalDecision>> GetDecisionsAsync(string requestId, CancellationToken cancellationToken) =>
        database.RunAsync<IReadOnlyList<ApprovalDecision>>(connection => connection
            .Sql("SELECT data FROM approval_decisions WHERE request_id = $id ORDER BY decided_at, rowid", ("$id", requestId))
            .Query(row => StoredJson.Deserialize<ApprovalDecision>(row.GetString(0))), cancellationToken);

    public Task<IReadOnlyList<ApprovalRequest>> ListByRequesterAsync(string requesterId, CancellationToken cancellationToken) =>
        ListAsync("requester_id = $id", [("$id", requesterId)], cancellationToken);

    public Task<IReadOnlyList<ApprovalRequest>> ListPendingForApproverAsync(string approverId, CancellationToken cancellationToken) =>
        ListAsync("current_approver_id = $id", [("$id", approverId)], cancellationToken);

    public Task<IReadOnlyList<ApprovalRequest>> ListByStatusAsync(IReadOnlyCollection<ApprovalStatus> statuses, CancellationToken cancellationToken)
    {
        if (statuses.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<ApprovalRequest>>([]);
        }
        var parameters = statuses.Select((status, i) => ($"$s{i}", (object?)status.ToString())).ToArray();
        return ListAsync($"status IN ({string.Join(", ", parameters.Select(p => p.Item1))})", parameters, cancellationToken);
    }

    private Task<IReadOnlyList<ApprovalRequest>> ListAsync(string where, (string, object?)[] parameters, CancellationToken cancellationToken) =>
        database.RunAsync<IReadOnlyList<ApprovalRequest>>(connection => connection
            .Sql($"SELECT data FROM approval_requests WHERE {where} ORDER BY created_at, id", parameters)
            .Query(row => StoredJson.Deserialize<ApprovalRequest>(row.GetString(0))), cancellationToken);

    private static void WriteRequest(SqliteTransaction transaction, ApprovalRequest request, string json, string etag, string? expectedETag)
    {
        (string, object?)[] columns =
        [
            ("$id", request.Id), ("$requester", request.Requester.Id), ("$approver", request.CurrentApproverId),
            ("$status", request.Status.ToString()), ("$closure", request.ClosureDate?.ToString("yyyy-MM-dd")),
            ("$created", UnixMs(request.CreatedAt)), ("$data", json), ("$etag", etag), ("$expected", expectedETag),
        ];
        var written = expectedETag is null
            ? transaction.Sql(
                """
                INSERT INTO approval_requests (id, requester_id, current_approver_id, status, closure_date, created_at, data, etag)
                VALUES ($id, $requester, $approver, $status, $closure, $created, $data, $etag) ON CONFLICT (id) DO NOTHING
                """, columns).Execute()
            : transaction.Sql(
                """
                UPDATE approval_requests SET requester_id = $requester, current_approver_id = $approver, status = $status,
                    closure_date = $closure, created_at = $created, data = $data, etag = $etag
                WHERE id = $id AND etag = $expected
                """, columns).Execute();
        if (written != 1)
        {
            throw new StateConflictException(expectedETag is null ? StoreMessages.RequestExists : StoreMessages.RequestChanged);
        }
    }

    private static void AppendDecision(SqliteTransaction transaction, ApprovalDecision decision)
    {
        var written = transaction.Sql(
            """
            INSERT INTO approval_decisions (request_id, idempotency_key, decided_at, data) VALUES ($request, $key, $at, $data)
            ON CONFLICT (request_id, idempotency_key) DO NOTHING
            """,
            ("$request", decision.RequestId), ("$key", decision.IdempotencyKey), ("$at", UnixMs(decision.DecidedAt)),
            ("$data", StoredJson.Serialize(decision))).Execute();
        if (written != 1)
        {
            throw new StateConflictException(StoreMessages.DecisionRecorded);
        }
    }
}
