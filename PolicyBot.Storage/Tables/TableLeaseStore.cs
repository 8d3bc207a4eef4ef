using Azure;
using Azure.Data.Tables;
using PolicyBot.Dialogs.Storage;

namespace PolicyBot.Storage.Tables;

/// <summary>Leases: table Leases, PartitionKey = escaped name, RowKey "lease", Owner and ExpiresAtMs, changed with If-Match.</summary>
public sealed class TableLeaseStore(TableStorage storage, TimeProvider clock) : ILeaseStore
{
    private const string Row = "lease";

    public Task<bool> TryAcquireAsync(string name, string owner, TimeSpan duration, CancellationToken cancellationToken) =>
        storage.RunAsync(StoreTable.Leases, async table =>
        {
            var now = clock.GetUtcNow();
            var lease = new TableEntity(TableKeys.Escape(name), Row)
            {
                ["Owner"] = owner,
                ["ExpiresAtMs"] = (now + duration).ToUnixTimeMilliseconds(),
            };
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(lease.PartitionKey, Row, cancellationToken: cancellationToken);
            try
            {
                if (!existing.HasValue)
                {
                    await table.AddEntityAsync(lease, cancellationToken);
                    return true;
                }
                var held = existing.Value!;
                if (held.GetString("Owner") != owner && held.GetInt64("ExpiresAtMs") > now.ToUnixTimeMilliseconds())
                {
                    return false;
                }
                await table.UpdateEntityAsync(lease, held.ETag, TableUpdateMode.Replace, cancellationToken);
                return true;
            }
            catch (RequestFailedException e) when (TableStorage.IsConflict(e) || e.Status == 404)
            {
                // Also where our own add or update landed and only its response was lost (the client's retry gets
                // 409/412). Harmless, so no write id here: the row names us, so no other instance takes the lease before
                // it expires, this run is skipped, and our next run re-acquires it (an owner may always renew).
                return false;
            }
        }, cancellationToken);

    public Task ReleaseAsync(string name, string owner, CancellationToken cancellationToken) =>
        storage.RunAsync(StoreTable.Leases, async table =>
        {
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(name), Row, cancellationToken: cancellationToken);
            if (!existing.HasValue || existing.Value!.GetString("Owner") != owner)
            {
                return;
            }
            try
            {
                await table.DeleteEntityAsync(existing.Value.PartitionKey, Row, existing.Value.ETag, cancellationToken);
            }
            catch (RequestFailedException e) when (TableStorage.IsConflict(e))
            {
                // Someone took it over after it expired: it is theirs now.
            }
        }, cancellationToken);
}
