using Azure;
using Azure.Data.Tables;
using PolicyBot.Dialogs.Storage;

namespace PolicyBot.Storage.Tables;

/// <summary>
/// Answer feedback: table Feedback, PartitionKey = UTC month "yyyy-MM", RowKey = UTC ticks + escaped id, so
/// "since a date" reads only the months from then on, in time order.
/// </summary>
public sealed class TableFeedbackStore(TableStorage storage) : IFeedbackStore
{
    public Task RecordAsync(AnswerFeedback feedback, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(Month(feedback.At), $"{feedback.At.UtcTicks:D19}|{TableKeys.Escape(feedback.Id)}")
        {
            ["AtMs"] = feedback.At.ToUnixTimeMilliseconds(),
        };
        JsonChunks.Write(entity, StoredJson.Serialize(feedback));
        return storage.RunAsync(StoreTable.Feedback, async table =>
        {
            try
            {
                await table.AddEntityAsync(entity, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Recorded already (a retried turn): keep the first.
            }
        }, cancellationToken);
    }

    public Task<IReadOnlyList<AnswerFeedback>> ListAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        storage.RunAsync<IReadOnlyList<AnswerFeedback>>(StoreTable.Feedback, async table =>
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey ge {Month(since)} and AtMs ge {since.ToUnixTimeMilliseconds()}");
            var found = new List<AnswerFeedback>();
            await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                found.Add(JsonChunks.Deserialize<AnswerFeedback>(entity));
            }
            return found;
        }, cancellationToken);

    private static string Month(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM");
}
