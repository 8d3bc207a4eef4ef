using Azure;
using Azure.Data.Tables;
using PolicyBot.BotFramework.State;
using PolicyBot.Dialogs.Approvals;
using PolicyBot.Dialogs.Storage;
using static PolicyBot.Storage.Tables.ApprovalEntities;

namespace PolicyBot.Storage.Tables;

/// <summary>
/// The outbox rows of the Approvals table (they share the request's partition so they are queued in the request's
/// transaction). Due messages are a filtered query on Pending and NextAttemptAtMs across partitions.
/// Each update (a claim, a delivery, a later retry) carries a write id: when the client's own retry of an update that did
/// land is refused (412), the write id shows the stored message is this update, so a claim is not given up and the
/// message does not wait for its claim to expire.
/// </summary>
public sealed class TableOutbox(TableStorage storage) : IOutbox
{
    public Task<IReadOnlyList<Versioned<OutboxMessage>>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        storage.RunAsync<IReadOnlyList<Versioned<OutboxMessage>>>(StoreTable.Approvals, async table =>
        {
            var filter = TableClient.CreateQueryFilter(
                $"Kind eq {"outbox"} and Pending eq {true} and NextAttemptAtMs le {now.ToUnixTimeMilliseconds()}");
            var due = new List<Versioned<OutboxMessage>>();
            await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                due.Add(new Versioned<OutboxMessage>(JsonChunks.Deserialize<OutboxMessage>(entity), entity.ETag.ToString()));
            }
            return [.. due.OrderBy(m => m.Value.CreatedAt).ThenBy(m => m.Value.Id, StringComparer.Ordinal).Take(max)];
        }, cancellationToken);

    public Task<Versioned<OutboxMessage>> UpdateAsync(OutboxMessage message, string expectedETag, CancellationToken cancellationToken)
    {
        var row = OwnWrite.Stamp(Outbox(message));
        return storage.RunAsync(StoreTable.Approvals, async table =>
        {
            try
            {
                var response = await table.UpdateEntityAsync(row, new ETag(expectedETag), TableUpdateMode.Replace, cancellationToken);
                return new Versioned<OutboxMessage>(message, response.Headers.ETag!.Value.ToString());
            }
            catch (RequestFailedException e) when (TableStorage.IsConflict(e) || TableStorage.IsNotFound(e))
            {
                var stored = await OwnWrite.StoredETagAsync(table, row, cancellationToken)
                    ?? throw new StateConflictException(StoreMessages.OutboxChanged);
                return new Versioned<OutboxMessage>(message, stored);
            }
        }, cancellationToken);
    }

    public Task<IReadOnlyList<OutboxMessage>> ListForRequestAsync(string requestId, CancellationToken cancellationToken) =>
        storage.RunAsync<IReadOnlyList<OutboxMessage>>(StoreTable.Approvals, async table =>
        {
            var filter = TableClient.CreateQueryFilter(
                $"PartitionKey eq {Partition(requestId)} and RowKey ge {OutboxRowPrefix} and RowKey lt {RowPrefixEnd(OutboxRowPrefix)}");
            var messages = await QueryAsync<OutboxMessage>(table, filter, cancellationToken);
            return [.. messages.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id, StringComparer.Ordinal)];
        }, cancellationToken);
}
