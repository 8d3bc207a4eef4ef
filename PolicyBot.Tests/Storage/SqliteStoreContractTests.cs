using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PolicyBot.BotFramework.State;
using PolicyBot.Dialogs.Storage;

namespace PolicyBot.Tests.Storage;

public sealed class SqliteStoreContractTests(SqliteFixture fixture) : StoreContractTests(fixture), IClassFixture<SqliteFixture>
{
    [Fact]
    public async Task Store_WhoseFileCannotBeCreated_IsUnavailable_AndRecoversWhenItCan()
    {
        var blocker = Path.Combine(fixture.Folder, "blocker-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(fixture.Folder);
        await File.WriteAllTextAsync(blocker, "a file where the data folder should be");
        await using var provider = StoreBackend.ProviderFor(new Dictionary<string, string?>
        {
            ["Storage:SqlitePath"] = Path.Combine(blocker, "data", "policybot.db"),
        });
        var state = provider.GetRequiredService<IStateStore>();

        await Assert.ThrowsAsync<StorageUnavailableException>(() => state.WriteAsync("conv", new JsonObject { ["step"] = 1 }, null, CancellationToken.None));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => state.ReadAsync("conv", CancellationToken.None));
        Assert.False(await provider.GetRequiredService<IStorageHealth>().IsHealthyAsync(CancellationToken.None));

        File.Delete(blocker);

        await state.WriteAsync("conv", new JsonObject { ["step"] = 1 }, null, CancellationToken.None);
        Assert.True(await provider.GetRequiredService<IStorageHealth>().IsHealthyAsync(CancellationToken.None));
    }
}
