using PolicyBot.BotFramework.State;
using PolicyBot.Dialogs.Storage;

namespace PolicyBot.Storage.Sqlite;

public sealed class SqliteStorageHealth(SqliteDatabase database) : IStorageHealth
{
    public string Description => $"SQLite ({database.FilePath})";

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await database.RunAsync(connection => connection.Sql("SELECT 1").Query(row => row.GetInt64(0)).Single() == 1, cancellationToken);
        }
        catch (StorageUnavailableException)
        {
            return false;
        }
    }
}
