using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PolicyBot.Storage;

namespace PolicyBot.Tests.Storage;

/// <summary>
/// A store the tests run against, as an xUnit fixture. Each call with a new isolation name gets its own tables (a
/// table prefix) or its own SQLite file, so tests sharing one fixture do not see each other's records.
/// Use: <c>IClassFixture&lt;AzuriteFixture&gt;</c> or <c>IClassFixture&lt;SqliteFixture&gt;</c>, then
/// <c>fixture.CreateServiceProvider()</c>, <c>fixture.AddStorage(services)</c>, or <c>fixture.Settings(name)</c> as
/// configuration for a host (e.g. WebApplicationFactory's <c>UseSetting</c>).
/// </summary>
public abstract class StoreBackend : IAsyncLifetime
{
    public abstract string Name { get; }

    /// <summary>The "Storage:*" configuration keys that select this backend, isolated by <paramref name="isolation"/>.</summary>
    public abstract IReadOnlyDictionary<string, string?> Settings(string isolation);

    /// <summary>A fresh isolation name: letters and digits, valid as a table prefix and a file name.</summary>
    public static string NewIsolation() => "T" + Guid.NewGuid().ToString("N")[..16];

    public IConfiguration Configuration(string isolation) => ConfigurationOf(Settings(isolation));

    /// <summary>Registers every store on this backend (through the product's own <c>AddPolicyBotStorage</c>).</summary>
    public IServiceCollection AddStorage(IServiceCollection services, string? isolation = null) =>
        services.AddPolicyBotStorage(Configuration(isolation ?? NewIsolation()));

    /// <summary>A provider with every store, registered by <c>AddPolicyBotStorage</c> from these settings alone.</summary>
    public static ServiceProvider ProviderFor(IReadOnlyDictionary<string, string?> settings) =>
        new ServiceCollection().AddPolicyBotStorage(ConfigurationOf(settings)).BuildServiceProvider();

    private static IConfiguration ConfigurationOf(IReadOnlyDictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    /// <summary>A provider with every store; two providers with the same isolation share the same records.</summary>
    public ServiceProvider CreateServiceProvider(string? isolation = null) =>
        AddStorage(new ServiceCollection(), isolation).BuildServiceProvider();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>The embedded SQLite store, one file per isolation name in a temporary folder removed afterwards.</summary>
public sealed class SqliteFixture : StoreBackend
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "policybot-tests-" + Guid.NewGuid().ToString("N"));

    public override string Name => "SQLite";

    public override IReadOnlyDictionary<string, string?> Settings(string isolation) => new Dictionary<string, string?>
    {
        ["Storage:SqlitePath"] = Path.Combine(Folder, isolation + ".db"),
    };

    public override Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
        return Task.CompletedTask;
    }
}

/// <summary>Azure Table Storage as Azurite serves it, one Azurite per fixture, one table prefix per isolation name.
/// A failure to start Azurite fails the tests with its reason.</summary>
public sealed class AzuriteFixture : StoreBackend
{
    private AzuriteProcess? _azurite;

    public override string Name => "Azure Table Storage (Azurite)";

    public AzuriteProcess Azurite => _azurite ?? throw new InvalidOperationException("Azurite has not been started.");

    public string ConnectionString => Azurite.ConnectionString;

    public override IReadOnlyDictionary<string, string?> Settings(string isolation) => new Dictionary<string, string?>
    {
        ["Storage:ConnectionString"] = ConnectionString,
        ["Storage:TablePrefix"] = isolation,
    };

    public override async Task InitializeAsync() => _azurite = await AzuriteProcess.StartAsync();

    public override async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

/// <summary>Lets several test classes share one Azurite: mark them <c>[Collection(AzuriteCollection.Name)]</c>.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
