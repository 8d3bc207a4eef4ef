using PolicyBot.Dialogs.Storage;

namespace PolicyBot.Storage.Tables;

public sealed class TableStorageHealth(TableStorage storage) : IStorageHealth
{
    public string Description => storage.Description;

    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken) => storage.PingAsync(cancellationToken);
}
