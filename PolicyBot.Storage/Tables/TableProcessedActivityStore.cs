using Azure;
using Azure.Data.Tables;
using PolicyBot.BotFramework.State;

namespace PolicyBot.Storage.Tables;

/// <summary>
/// Processed activity ids: table ProcessedActivities, PartitionKey and RowKey both the escaped id, ExpiresAtMs.
/// Marking adds the entity; an expired one is taken over with If-Match, so two instances never both win.
/// The RowKey repeats the id because Azurite finds a row by its RowKey first: with one RowKey for every row (as before,
/// "activity") each mark scanned the whole table, which grows by a row per turn for 24 hours. Azure itself does not mind.
/// Rows in that older shape are not matched again; the purge deletes them when they expire.
/// Each mark carries a claim id: when the client's own retry of an add that did land gets 409, the claim id shows the
/// entity is ours, and the turn is not mistaken for a redelivery.
/// </summary>
public sealed class TableProcessedActivityStore(TableStorage storage, TimeProvider clock) : IProcessedActivityStore
{
    public Task<bool> TryMarkProcessedAsync(string key, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        storage.RunAsync(StoreTable.ProcessedActivities, async table =>
        {
            var claim = Guid.NewGuid().ToString("N");
            var id = TableKeys.Escape(key);
            var entity = new TableEntity(id, id) { ["ExpiresAtMs"] = expiresAt.ToUnixTimeMilliseconds(), ["Claim"] = claim };
            try
            {
                await table.AddEntityAsync(entity, cancellationToken);
                return true;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                return await TakeOverExpiredAsync(table, entity, cancellationToken);
            }
        }, cancellationToken);

    public Task ForgetAsync(string key, CancellationToken cancellationToken)
    {
        var id = TableKeys.Escape(key);
        return storage.RunAsync(StoreTable.ProcessedActivities,
            table => table.DeleteEntityAsync(id, id, ETag.All, cancellationToken), cancellationToken);
    }

    /// <summary>Each id is its own partition, so expired ones are deleted one by one, each only if unchanged since read.</summary>
    public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        storage.RunAsync(StoreTable.ProcessedActivities, async table =>
        {
            var purged = 0;
            var expired = table.QueryAsync<TableEntity>($"ExpiresAtMs le {now.ToUnixTimeMilliseconds()}L", select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken);
            await foreach (var entity in expired)
            {
                try
                {
                    await table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, entity.ETag, cancellationToken);
                    purged++;
                }
                catch (RequestFailedException e) when (TableStorage.IsConflict(e) || e.Status == 404)
                {
                    // Marked again, or deleted by another instance, since the query: leave it.
                }
            }
            return purged;
        }, cancellationToken);

    private async Task<bool> TakeOverExpiredAsync(TableClient table, TableEntity entity, CancellationToken cancellationToken)
    {
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(entity.PartitionKey, entity.RowKey, ["ExpiresAtMs", "Claim"], cancellationToken);
        if (!existing.HasValue)
        {
            return false; // forgotten between our add and our read: a concurrent turn owns it
        }
        if (existing.Value!.GetString("Claim") == entity.GetString("Claim"))
        {
            return true; // our own add landed before the client retried it
        }
        if (existing.Value!.GetInt64("ExpiresAtMs") > clock.GetUtcNow().ToUnixTimeMilliseconds())
        {
            return false;
        }
        try
        {
            await table.UpdateEntityAsync(entity, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (TableStorage.IsConflict(e) || e.Status == 404)
        {
            return false;
        }
    }
}
