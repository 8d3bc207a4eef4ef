using Microsoft.Data.Sqlite;
using PolicyBot.BotFramework.State;
using PolicyBot.Dialogs.Approvals;
using PolicyBot.Dialogs.Storage;
using static PolicyBot.Storage.Sqlite.SqliteCommands;

namespace PolicyBot.Storage.Sqlite;

/// <summary>Notifications in <c>outbox</c>, due ones found by (pending, next_attempt_at).</summary>
public sealed class SqliteOutbox(SqliteDatabase database) : IOutbox
{
    public Task<IReadOnlyList<Versioned<OutboxMessage>>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        database.RunAsync<IReadOnlyList<Versioned<OutboxMessage>>>(connection => connection
            .Sql(
                "SELECT data, etag FROM outbox WHERE pending = 1 AND next_attempt_at <= $now ORDER BY created_at, id LIMIT $max",
                ("$now", UnixMs(now)), ("$max", max))
            .Query(row => new Versioned<OutboxMessage>(StoredJson.Deserialize<OutboxMessage>(row.GetString(0)), row.GetString(1))),
            cancellationToken);

    public Task<Versioned<OutboxMessage>> UpdateAsync(OutboxMessage message, string expectedETag, CancellationToken cancellationToken)
    {
        var json = StoredJson.Serialize(message);
        var etag = NewETag();
        return database.RunAsync(connection =>
        {
            var written = connection.Sql(
                """
                UPDATE outbox SET pending = $pending, next_attempt_at = $next, data = $data, etag = $etag
                WHERE id = $id AND etag = $expected
                """,
                ("$id", message.Id), ("$pending", message.DeliveredAt is null), ("$next", UnixMs(message.NextAttemptAt)),
                ("$data", json), ("$etag", etag), ("$expected", expectedETag)).Execute();
            return written == 1
                ? new Versioned<OutboxMessage>(message, etag)
                : throw new StateConflictException(StoreMessages.OutboxChanged);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<OutboxMessage>> ListForRequestAsync(string requestId, CancellationToken cancellationToken) =>
        database.RunAsync<IReadOnlyList<OutboxMessage>>(connection => connection
            .Sql("SELECT data FROM outbox WHERE request_id = $id ORDER BY created_at, id", ("$id", requestId))
            .Query(row => StoredJson.Deserialize<OutboxMessage>(row.GetString(0))), cancellationToken);

    /// <summary>Queues a notification inside the approval store's transaction.</summary>
    internal static void Insert(SqliteTransaction transaction, OutboxMessage message) =>
        transaction.Sql(
            """
            INSERT INTO outbox (id, request_id, pending, next_attempt_at, created_at, data, etag)
            VALUES ($id, $request, $pending, $next, $created, $data, $etag)
            """,
            ("$id", message.Id), ("$request", message.RequestId), ("$pending", message.DeliveredAt is null),
            ("$next", UnixMs(message.NextAttemptAt)), ("$created", UnixMs(message.CreatedAt)),
            ("$data", StoredJson.Serialize(message)), ("$etag", NewETag())).Execute();
}
