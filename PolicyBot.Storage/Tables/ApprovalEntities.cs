using Azure.Data.Tables;
using PolicyBot.Dialogs.Approvals;
using PolicyBot.Dialogs.Storage;

namespace PolicyBot.Storage.Tables;

/// <summary>
/// The rows of the Approvals table. One partition per request (PartitionKey = escaped request id) holds the request
/// row, its decision rows and its outbox rows, so that a save is one entity-group transaction. The query columns
/// (Kind, RequesterId, CurrentApproverId, Status, ClosureDate, Pending, NextAttemptAtMs) serve the filtered
/// cross-partition queries; the record itself is the JSON.
/// </summary>
internal static class ApprovalEntities
{
    public const string RequestRow = "request";
    public const string DecisionRowPrefix = "decision|";
    public const string OutboxRowPrefix = "outbox|";

    /// <summary>The first character after '|', so "prefix ≤ RowKey &lt; prefix with '}'" selects one kind of row.</summary>
    public static string RowPrefixEnd(string prefix) => prefix[..^1] + "}";

    public static string Partition(string requestId) => TableKeys.Escape(requestId);

    public static TableEntity Request(ApprovalRequest request)
    {
        var entity = new TableEntity(Partition(request.Id), RequestRow)
        {
            ["Kind"] = "request",
            ["RequesterId"] = request.Requester.Id,
            ["CurrentApproverId"] = request.CurrentApproverId ?? "",
            ["Status"] = request.Status.ToString(),
            ["ClosureDate"] = request.ClosureDate?.ToString("yyyy-MM-dd") ?? "",
            ["CreatedAtMs"] = request.CreatedAt.ToUnixTimeMilliseconds(),
        };
        JsonChunks.Write(entity, StoredJson.Serialize(request));
        return entity;
    }

    public static TableEntity Decision(ApprovalDecision decision)
    {
        var entity = new TableEntity(Partition(decision.RequestId), DecisionRowPrefix + TableKeys.Escape(decision.IdempotencyKey))
        {
            ["Kind"] = "decision",
            ["DecidedAtMs"] = decision.DecidedAt.ToUnixTimeMilliseconds(),
        };
        JsonChunks.Write(entity, StoredJson.Serialize(decision));
        return entity;
    }

    public static TableEntity Outbox(OutboxMessage message)
    {
        var entity = new TableEntity(Partition(message.RequestId), OutboxRowPrefix + TableKeys.Escape(message.Id))
        {
            ["Kind"] = "outbox",
            ["Pending"] = message.DeliveredAt is null,
            ["NextAttemptAtMs"] = message.NextAttemptAt.ToUnixTimeMilliseconds(),
            ["CreatedAtMs"] = message.CreatedAt.ToUnixTimeMilliseconds(),
        };
        JsonChunks.Write(entity, StoredJson.Serialize(message));
        return entity;
    }

    public static async Task<List<T>> QueryAsync<T>(TableClient table, string filter, CancellationToken cancellationToken)
    {
        var found = new List<T>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            found.Add(JsonChunks.Deserialize<T>(entity));
        }
        return found;
    }
}
