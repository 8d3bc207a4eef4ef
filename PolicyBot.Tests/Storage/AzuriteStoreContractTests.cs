using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PolicyBot.BotFramework.State;
using PolicyBot.Dialogs.Storage;

namespace PolicyBot.Tests.Storage;

public sealed class AzuriteStoreContractTests(AzuriteFixture fixture) : StoreContractTests(fixture), IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Store_WhoseAzuriteStops_IsUnavailable_AndRecoversWhenItIsBack()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        await using var provider = StoreBackend.ProviderFor(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
        });
        var state = provider.GetRequiredService<IStateStore>();
        var health = provider.GetRequiredService<IStorageHealth>();
        var etag = await state.WriteAsync("conv", new JsonObject { ["step"] = 1 }, null, CancellationToken.None);

        await azurite.StopAsync();

        await Assert.ThrowsAsync<StorageUnavailableException>(() => state.WriteAsync("conv", new JsonObject { ["step"] = 2 }, etag, CancellationToken.None));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => state.ReadAsync("conv", CancellationToken.None));
        Assert.False(await health.IsHealthyAsync(CancellationToken.None));

        await azurite.RestartAsync();

        Assert.True(await health.IsHealthyAsync(CancellationToken.None));
        await state.WriteAsync("conv", new JsonObject { ["step"] = 1 }, null, CancellationToken.None);
        Assert.Equal(1, (int)(await state.ReadAsync("conv", CancellationToken.None))!.Data["step"]!);
    }
}
