using PolicyBot.BotFramework.Schema;
using PolicyBot.Dialogs.Storage;

namespace PolicyBot.Storage.Sqlite;

/// <summary>The last conversation reference per user in <c>conversation_references</c> (last write wins).</summary>
public sealed class SqliteConversationReferenceStore(SqliteDatabase database) : IConversationReferenceStore
{
    public Task SaveAsync(string userId, ConversationReference reference, CancellationToken cancellationToken)
    {
        var json = StoredJson.Serialize(reference);
        return database.RunAsync(connection => connection.Sql(
            """
            INSERT INTO conversation_references (user_id, data) VALUES ($user, $data)
            ON CONFLICT (user_id) DO UPDATE SET data = excluded.data
            """,
            ("$user", userId), ("$data", json)).Execute(), cancellationToken);
    }

    public Task<ConversationReference?> GetAsync(string userId, CancellationToken cancellationToken) =>
        database.RunAsync(connection => connection
            .Sql("SELECT data FROM conversation_references WHERE user_id = $user", ("$user", userId))
            .Query(row => StoredJson.Deserialize<ConversationReference>(row.GetString(0)))
            .SingleOrDefault(), cancellationToken);
}
