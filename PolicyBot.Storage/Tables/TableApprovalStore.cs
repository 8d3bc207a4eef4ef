using Azure;
using Azure.Data.Tables;
using PolicyBot.BotFramework.State;
using PolicyBot.Dialogs.Approvals;
using PolicyBot.Dialogs.Storage;
using static PolicyBot.Storage.Tables.ApprovalEntities;

namespace PolicyBot.Storage.Tables;

/// <summary>
/// Approval requests, decisions and outbox rows in the Approvals table (see <see cref="ApprovalEntities"/>). A save is
/// one <c>SubmitTransactionAsync</c>: the request added (must not exist) or replaced If-Match, each decision added
/// (refused when its idempotency row exists), each notification added. Lists are filtered queries on the request
/// rows: a school has hundreds of requests, and no secondary index can be written in the same transaction.
/// Each save puts a write id on the request row: when the client's own retry of a transaction that did land is refused
/// (409/412), the write id shows the stored request is this save's, so the decision is not reported as lost or taken.
/// </summary>
public sealed class TableApprovalStore(TableStorage storage) : IApprovalStore
{
    /// <summary>An entity-group transaction holds at most 100 operations.</summary>
    private const int MaxOperationsPerSave = 100;

    public Task<Versioned<ApprovalRequest>?> GetAsync(string requestId, CancellationToken cancellationToken) =>
        storage.RunAsync(StoreTable.Approvals, async table =>
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition(requestId), RequestRow, cancellationToken: cancellationToken);
            return found.HasValue
                ? new Versioned<ApprovalRequest>(JsonChunks.Deserialize<ApprovalRequest>(found.Value!), found.Value!.ETag.ToString())
                : null;
        }, cancellationToken);

    public Task<Versioned<ApprovalRequest>> SaveAsync(
        ApprovalRequest request,
        string? expectedETag,
        IReadOnlyList<ApprovalDecision> decisions,
        IReadOnlyList<OutboxMessage> notifications,
        CancellationToken cancellationToken)
    {
        StoreMessages.RequireSameRequest(request.Id, decisions.Select(d => d.RequestId).Concat(notifications.Select(n => n.RequestId)));
        if (1 + decisions.Count + notifications.Count > MaxOperationsPerSave)
        {
            throw new ArgumentException($"One save can write at most {MaxOperationsPerSave - 1} decisions and notifications.");
        }
        var requestRow = OwnWrite.Stamp(Request(request));
        List<TableTransactionAction> actions =
        [
            expectedETag is null
                ? new(TableTransactionActionType.Add, requestRow)
                : new(TableTransactionActionType.UpdateReplace, requestRow, new ETag(expectedETag)),
            .. decisions.Select(d => new TableTransactionAction(TableTransactionActionType.Add, Decision(d))),
            .. notifications.Select(n => new TableTransactionAction(TableTransactionActionType.Add, Outbox(n))),
        ];
        return storage.RunAsync(StoreTable.Approvals, async table =>
        {
            try
            {
                var responses = await table.SubmitTransactionAsync(actions, cancellationToken);
                var etag = responses.Value[0].Headers.ETag ?? throw new InvalidDataException("The store returned no ETag.");
                return new Versioned<ApprovalRequest>(request, etag.ToString());
            }
            catch (TableTransactionFailedException e) when (TableStorage.IsConflict(e) || TableStorage.IsNotFound(e))
            {
                // A transaction is all or nothing: the request row carrying our write id means every row of it landed.
                var stored = await OwnWrite.StoredETagAsync(table, requestRow, cancellationToken)
                    ?? throw new StateConflictException(ConflictMessage(e.FailedTransactionActionIndex, expectedETag, decisions.Count));
                return new Versioned<ApprovalRequest>(request, stored);
            }
        }, cancellationToken);
    }

    public Task<IReadOnlyList<ApprovalDecision>> GetDecisionsAsync(string requestId, CancellationToken cancellationToken) =>
        storage.RunAsync<IReadOnlyList<ApprovalDecision>>(StoreTable.Approvals, async table =>
        {
            var filter = TableClient.CreateQueryFilter(
                $"PartitionKey eq {Partition(requestId)} and RowKey ge {DecisionRowPrefix} and RowKey lt {RowPrefixEnd(DecisionRowPrefix)}");
            var decisions = await QueryAsync<ApprovalDecision>(table, filter, cancellationToken);
            return [.. decisions.OrderBy(d => d.DecidedAt)];
        }, cancellationToken);

    public Task<IReadOnlyList<ApprovalRequest>> ListByRequesterAsync(string requesterId, CancellationToken cancellationToken) =>
        ListRequestsAsync(TableClient.CreateQueryFilter($"RequesterId eq {requesterId}"), cancellationToken);

    public Task<IReadOnlyList<ApprovalRequest>> ListPendingForApproverAsync(string approverId, CancellationToken cancellationToken) =>
        ListRequestsAsync(TableClient.CreateQueryFilter($"CurrentApproverId eq {approverId}"), cancellationToken);

    public Task<IReadOnlyList<ApprovalRequest>> ListByStatusAsync(IReadOnlyCollection<ApprovalStatus> statuses, CancellationToken cancellationToken) =>
        statuses.Count == 0
            ? Task.FromResult<IReadOnlyList<ApprovalRequest>>([])
            : ListRequestsAsync(
                "(" + string.Join(" or ", statuses.Select(s => TableClient.CreateQueryFilter($"Status eq {s.ToString()}"))) + ")",
                cancellationToken);

    private Task<IReadOnlyList<ApprovalRequest>> ListRequestsAsync(string filter, CancellationToken cancellationToken) =>
        storage.RunAsync<IReadOnlyList<ApprovalRequest>>(StoreTable.Approvals, async table =>
        {
            var requests = await QueryAsync<ApprovalRequest>(table, $"RowKey eq '{RequestRow}' and {filter}", cancellationToken);
            return [.. requests.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal)];
        }, cancellationToken);

    private static string ConflictMessage(int? failedIndex, string? expectedETag, int decisionCount) => failedIndex switch
    {
        0 => expectedETag is null ? StoreMessages.RequestExists : StoreMessages.RequestChanged,
        { } index when index <= decisionCount => StoreMessages.DecisionRecorded,
        _ => StoreMessages.RequestChanged,
    };
}
