using PolicyBot.Tests.Infrastructure;
using PolicyBot.Tests.Storage;

namespace PolicyBot.Tests.Approvals;

/// <summary>A test class with its own Connector stand-in and an approval host on the SQLite stores.</summary>
public abstract class ApprovalHostTest(SqliteFixture storage) : IClassFixture<SqliteFixture>, IAsyncLifetime
{
    protected SqliteFixture Storage { get; } = storage;
    internal ConnectorStandIn Connector { get; private set; } = null!;
    internal ApprovalTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Connector = await ConnectorStandIn.StartAsync();
        Host = ApprovalTestHost.Create(Storage, Connector);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Connector.DisposeAsync();
    }
}
