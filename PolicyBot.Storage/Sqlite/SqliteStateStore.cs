using System.Text.Json.Nodes;
using PolicyBot.BotFramework.State;
using static PolicyBot.Storage.Sqlite.SqliteCommands;

namespace PolicyBot.Storage.Sqlite;

/// <summary>Conversation and user state in the <c>state</c> table, one row per key, ETag-checked.</summary>
public sealed class SqliteStateStore(SqliteDatabase database) : IStateStore
{
    public Task<StateEntry?> ReadAsync(string key, CancellationToken cancellationToken) =>
        database.RunAsync(connection => connection
            .Sql("SELECT data, etag FROM state WHERE key = $key", ("$key", key))
            .Query(row => new StateEntry(key, JsonNode.Parse(row.GetString(0))!.AsObject(), row.GetString(1)))
            .SingleOrDefault(), cancellationToken);

    public Task<string> WriteAsync(string key, JsonObject data, string? expectedETag, CancellationToken cancellationToken)
    {
        var json = data.ToJsonString();
        var etag = NewETag();
        return database.RunAsync(connection =>
        {
            var written = expectedETag is null
                ? connection.Sql(
                    "INSERT INTO state (key, data, etag) VALUES ($key, $data, $etag) ON CONFLICT (key) DO NOTHING",
                    ("$key", key), ("$data", json), ("$etag", etag)).Execute()
                : connection.Sql(
                    "UPDATE state SET data = $data, etag = $etag WHERE key = $key AND etag = $expected",
                    ("$key", key), ("$data", json), ("$etag", etag), ("$expected", expectedETag)).Execute();
            return written == 1
                ? etag
                : throw new StateConflictException(expectedETag is null ? StoreMessages.StateExists : StoreMessages.StateChanged);
        }, cancellationToken);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        database.RunAsync(connection => connection.Sql("DELETE FROM state WHERE key = $key", ("$key", key)).Execute(), cancellationToken);
}
