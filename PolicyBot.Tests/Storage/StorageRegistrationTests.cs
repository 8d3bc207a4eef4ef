using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PolicyBot.Dialogs.Storage;
using PolicyBot.Storage;

namespace PolicyBot.Tests.Storage;

public sealed class StorageRegistrationTests
{
    [Fact]
    public void NoStorageSettings_SelectSqlite_UnderTheDataFolder()
    {
        using var provider = Provider([]);

        var description = provider.GetRequiredService<IStorageHealth>().Description;

        Assert.StartsWith("SQLite (", description);
        Assert.EndsWith(Path.Combine("data", "policybot.db") + ")", description);
    }

    [Fact]
    public void AConnectionString_SelectsTableStorage_AndIsNotShownInTheDescription()
    {
        using var provider = Provider(new() { ["Storage:ConnectionString"] = "UseDevelopmentStorage=true", ["Storage:TablePrefix"] = "SchoolA" });

        var description = provider.GetRequiredService<IStorageHealth>().Description;

        Assert.StartsWith("Azure Table Storage (http://127.0.0.1:10002/devstoreaccount1", description);
        Assert.Contains("tables SchoolA*", description);
        Assert.DoesNotContain("UseDevelopmentStorage", description);
    }

    [Fact]
    public void ATableServiceUri_SelectsTableStorage_WithTheManagedIdentity()
    {
        using var provider = Provider(new() { ["Storage:TableServiceUri"] = "https://school.table.core.windows.net/" });

        Assert.StartsWith("Azure Table Storage (https://school.table.core.windows.net/", provider.GetRequiredService<IStorageHealth>().Description);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1School")]
    [InlineData("school-a")]
    public void ATablePrefixThatIsNoValidTableName_IsRefused(string prefix)
    {
        using var provider = Provider(new() { ["Storage:ConnectionString"] = "UseDevelopmentStorage=true", ["Storage:TablePrefix"] = prefix });

        Assert.Throws<ArgumentException>(() => provider.GetRequiredService<IStorageHealth>());
    }

    [Fact]
    public void EveryStoreInterface_IsRegisteredOnce_AsASingleton()
    {
        var services = new ServiceCollection().AddPolicyBotStorage(new ConfigurationBuilder().Build());
        Type[] stores =
        [
            typeof(BotFramework.State.IStateStore), typeof(BotFramework.State.IProcessedActivityStore), typeof(IApprovalStore),
            typeof(IOutbox), typeof(IConversationReferenceStore), typeof(IFeedbackStore), typeof(ILeaseStore), typeof(IStorageHealth),
        ];

        foreach (var store in stores)
        {
            Assert.Equal(ServiceLifetime.Singleton, Assert.Single(services, s => s.ServiceType == store).Lifetime);
        }
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings) => StoreBackend.ProviderFor(settings);
}
