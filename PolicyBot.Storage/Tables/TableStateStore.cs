using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using PolicyBot.BotFramework.State;

namespace PolicyBot.Storage.Tables;

/// <summary>
/// Conversation and user state: table State, PartitionKey = escaped state key, RowKey "state", JSON in chunks.
/// Each write carries a write id: when the client's own retry of a write that did land is refused (409/412), the write id
/// shows the stored state is ours, so the user is not told their answer was lost when it was saved.
/// </summary>
public sealed class TableStateStore(TableStorage storage) : IStateStore
{
    private const string Row = "state";

    public Task<StateEntry?> ReadAsync(string key, CancellationToken cancellationToken) =>
        storage.RunAsync(StoreTable.State, async table =>
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(key), Row, cancellationToken: cancellationToken);
            return found.HasValue
                ? new StateEntry(key, JsonNode.Parse(JsonChunks.Read(found.Value!))!.AsObject(), found.Value!.ETag.ToString())
                : null;
        }, cancellationToken);

    public Task<string> WriteAsync(string key, JsonObject data, string? expectedETag, CancellationToken cancellationToken)
    {
        var entity = OwnWrite.Stamp(new TableEntity(TableKeys.Escape(key), Row));
        JsonChunks.Write(entity, data.ToJsonString());
        return storage.RunAsync(StoreTable.State, async table =>
        {
            try
            {
                var response = expectedETag is null
                    ? await table.AddEntityAsync(entity, cancellationToken)
                    : await table.UpdateEntityAsync(entity, new ETag(expectedETag), TableUpdateMode.Replace, cancellationToken);
                return response.Headers.ETag!.Value.ToString();
            }
            catch (RequestFailedException e) when (TableStorage.IsConflict(e) || (expectedETag is not null && TableStorage.IsNotFound(e)))
            {
                return await OwnWrite.StoredETagAsync(table, entity, cancellationToken)
                    ?? throw new StateConflictException(expectedETag is null ? StoreMessages.StateExists : StoreMessages.StateChanged);
            }
        }, cancellationToken);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        storage.RunAsync(StoreTable.State, table => table.DeleteEntityAsync(TableKeys.Escape(key), Row, ETag.All, cancellationToken), cancellationToken);
}
