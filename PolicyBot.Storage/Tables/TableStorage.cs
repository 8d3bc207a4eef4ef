using Azure;
using Azure.Data.Tables;
using PolicyBot.BotFramework.State;

namespace PolicyBot.Storage.Tables;

/// <summary>The tables of one deployment, each named with the configured prefix.</summary>
public enum StoreTable
{
    State,
    ProcessedActivities,
    ConversationReferences,
    Approvals,
    Feedback,
    Leases,
}

/// <summary>
/// The Azure Table Storage account behind every Table* store: creates each table on first use (and again if it
/// disappears), and turns unreachable-service failures into <see cref="StorageUnavailableException"/>.
/// </summary>
public sealed class TableStorage
{
    private const string TableNotFound = "TableNotFound";
    private readonly TableServiceClient _service;
    private readonly string _prefix;
    private readonly Dictionary<StoreTable, Lazy<Task<TableClient>>> _tables = [];
    private readonly Lock _tablesGate = new();

    public TableStorage(TableServiceClient service, string prefix)
    {
        if (prefix.Length == 0 || !char.IsAsciiLetter(prefix[0]) || !prefix.All(char.IsAsciiLetterOrDigit) || prefix.Length > 40)
        {
            throw new ArgumentException("Storage:TablePrefix must be 1–40 letters or digits, starting with a letter.", nameof(prefix));
        }
        _service = service;
        _prefix = prefix;
    }

    /// <summary>The endpoint and table prefix, without any key or SAS token.</summary>
    public string Description => $"Azure Table Storage ({new Uri(_service.Uri.GetLeftPart(UriPartial.Path))}, tables {_prefix}*)";

    internal string TableName(StoreTable table) => _prefix + table;

    /// <summary>Runs <paramref name="work"/> against <paramref name="table"/>, creating the table when it is missing.</summary>
    internal async Task<T> RunAsync<T>(StoreTable table, Func<TableClient, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            try
            {
                return await work(await GetTableAsync(table, cancellationToken));
            }
            catch (RequestFailedException e) when (e.ErrorCode == TableNotFound)
            {
                Forget(table);
                return await work(await GetTableAsync(table, cancellationToken));
            }
        }
        catch (Exception e) when (IsUnavailable(e, cancellationToken))
        {
            throw new StorageUnavailableException(StoreMessages.Unavailable, e);
        }
    }

    internal Task RunAsync(StoreTable table, Func<TableClient, Task> work, CancellationToken cancellationToken) =>
        RunAsync(table, async client =>
        {
            await work(client);
            return true;
        }, cancellationToken);

    /// <summary>Answers when the account can be reached and listed.</summary>
    internal async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var _ in _service.QueryAsync(t => t.Name == TableName(StoreTable.State), maxPerPage: 1, cancellationToken))
            {
                break;
            }
            return true;
        }
        catch (Exception e) when (IsUnavailable(e, cancellationToken) || e is RequestFailedException)
        {
            return false;
        }
    }

    private Task<TableClient> GetTableAsync(StoreTable table, CancellationToken cancellationToken)
    {
        Lazy<Task<TableClient>> lazy;
        lock (_tablesGate)
        {
            if (!_tables.TryGetValue(table, out lazy!))
            {
                lazy = new Lazy<Task<TableClient>>(() => CreateTableAsync(table));
                _tables[table] = lazy;
            }
        }
        return lazy.Value.WaitAsync(cancellationToken);
    }

    private async Task<TableClient> CreateTableAsync(StoreTable table)
    {
        try
        {
            var client = _service.GetTableClient(TableName(table));
            await client.CreateIfNotExistsAsync();
            return client;
        }
        catch
        {
            Forget(table);
            throw;
        }
    }

    private void Forget(StoreTable table)
    {
        lock (_tablesGate)
        {
            _tables.Remove(table);
        }
    }

    private static bool IsUnavailable(Exception e, CancellationToken cancellationToken) => e switch
    {
        RequestFailedException failed => failed.Status is 0 or 408 or 429 or >= 500,
        AggregateException aggregate => aggregate.InnerExceptions.All(inner => IsUnavailable(inner, cancellationToken)),
        HttpRequestException or IOException or TimeoutException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    internal static bool IsConflict(RequestFailedException e) => e.Status is 409 or 412;

    internal static bool IsNotFound(RequestFailedException e) => e.Status == 404 && e.ErrorCode != TableNotFound;
}
