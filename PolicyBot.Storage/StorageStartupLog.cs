using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PolicyBot.Dialogs.Storage;

namespace PolicyBot.Storage;

/// <summary>Says at startup which store is in use (its description holds no secret).</summary>
internal sealed class StorageStartupLog(IStorageHealth health, ILogger<StorageStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Log.StoreInUse(logger, health.Description);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
