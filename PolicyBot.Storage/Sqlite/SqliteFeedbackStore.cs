using PolicyBot.Dialogs.Storage;
using static PolicyBot.Storage.Sqlite.SqliteCommands;

namespace PolicyBot.Storage.Sqlite;

/// <summary>Answer feedback in <c>feedback</c>, by time; recording the same id twice keeps the first.</summary>
public sealed class SqliteFeedbackStore(SqliteDatabase database) : IFeedbackStore
{
    public Task RecordAsync(AnswerFeedback feedback, CancellationToken cancellationToken)
    {
        var json = StoredJson.Serialize(feedback);
        return database.RunAsync(connection => connection.Sql(
            "INSERT INTO feedback (id, at, data) VALUES ($id, $at, $data) ON CONFLICT (id) DO NOTHING",
            ("$id", feedback.Id), ("$at", UnixMs(feedback.At)), ("$data", json)).Execute(), cancellationToken);
    }

    public Task<IReadOnlyList<AnswerFeedback>> ListAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        database.RunAsync<IReadOnlyList<AnswerFeedback>>(connection => connection
            .Sql("SELECT data FROM feedback WHERE at >= $since ORDER BY at", ("$since", UnixMs(since)))
            .Query(row => StoredJson.Deserialize<AnswerFeedback>(row.GetString(0))), cancellationToken);
}
