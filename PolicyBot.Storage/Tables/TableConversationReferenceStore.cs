using Azure.Data.Tables;
using PolicyBot.BotFramework.Schema;
using PolicyBot.Dialogs.Storage;

namespace PolicyBot.Storage.Tables;

/// <summary>Conversation references: table ConversationReferences, PartitionKey = escaped user id, RowKey "reference" (upsert).</summary>
public sealed class TableConversationReferenceStore(TableStorage storage) : IConversationReferenceStore
{
    private const string Row = "reference";

    public Task SaveAsync(string userId, ConversationReference reference, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(TableKeys.Escape(userId), Row);
        JsonChunks.Write(entity, StoredJson.Serialize(reference));
        return storage.RunAsync(StoreTable.ConversationReferences,
            table => table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken), cancellationToken);
    }

    public Task<ConversationReference?> GetAsync(string userId, CancellationToken cancellationToken) =>
        storage.RunAsync(StoreTable.ConversationReferences, async table =>
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(userId), Row, cancellationToken: cancellationToken);
            return found.HasValue ? JsonChunks.Deserialize<ConversationReference>(found.Value!) : null;
        }, cancellationToken);
}
