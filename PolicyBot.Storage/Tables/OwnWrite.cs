using Azure.Data.Tables;

namespace PolicyBot.Storage.Tables;

/// <summary>
/// Recognises a write whose response was lost. The Azure client retries a write when the network drops its answer; if
/// the first attempt landed, the retry is refused (409 for an add, 412 for If-Match) although the write succeeded. So a
/// write first puts a fresh <c>WriteId</c> on its row (<see cref="Stamp"/>), and on such a refusal reads the row back
/// (<see cref="StoredETagAsync"/>): if it carries that id, the stored row is this write, and its ETag is the result.
/// </summary>
internal static class OwnWrite
{
    private const string WriteId = "WriteId";

    /// <summary>Gives <paramref name="row"/> a write id no other write has.</summary>
    public static TableEntity Stamp(TableEntity row)
    {
        row[WriteId] = Guid.NewGuid().ToString("N");
        return row;
    }

    /// <summary>
    /// The stored row's ETag when it carries <paramref name="row"/>'s write id (this write landed); null when the row is
    /// gone or another write replaced it (a real conflict).
    /// </summary>
    public static async Task<string?> StoredETagAsync(TableClient table, TableEntity row, CancellationToken cancellationToken)
    {
        var ours = row.GetString(WriteId) ?? throw new ArgumentException("The row was not stamped with a write id.", nameof(row));
        var stored = await table.GetEntityIfExistsAsync<TableEntity>(row.PartitionKey, row.RowKey, [WriteId], cancellationToken);
        return stored.HasValue && stored.Value!.GetString(WriteId) == ours
            ? stored.Value.ETag.ToString()
            : null;
    }
}
