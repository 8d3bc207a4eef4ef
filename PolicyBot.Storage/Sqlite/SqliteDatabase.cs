using Microsoft.Data.Sqlite;
using PolicyBot.BotFramework.State;

namespace PolicyBot.Storage.Sqlite;

/// <summary>
/// The embedded SQLite file behind every Sqlite* store: opens pooled connections with a busy timeout, creates the
/// schema (in WAL mode) on first use, runs the blocking ADO.NET calls off the caller's thread, and turns SQLite's
/// failures into <see cref="StateConflictException"/> (a constraint) or <see cref="StorageUnavailableException"/>.
/// </summary>
public sealed class SqliteDatabase
{
    private const int ConstraintViolation = 19;
    private readonly Lock _schemaGate = new();
    private readonly string _connectionString;
    private bool _schemaReady;

    public SqliteDatabase(string path)
    {
        FilePath = Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string FilePath { get; }

    /// <summary>Runs <paramref name="work"/> on an open connection, on the thread pool.</summary>
    public Task<T> RunAsync<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken) =>
        Task.Run(() => Run(work), cancellationToken);

    /// <summary>Runs <paramref name="work"/> in one immediate (write-locked) transaction, committed when it returns.</summary>
    public Task<T> RunInTransactionAsync<T>(Func<SqliteTransaction, T> work, CancellationToken cancellationToken) =>
        RunAsync(connection =>
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            var result = work(transaction);
            transaction.Commit();
            return result;
        }, cancellationToken);

    private T Run<T>(Func<SqliteConnection, T> work)
    {
        try
        {
            EnsureSchema();
            using var connection = Open();
            return work(connection);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == ConstraintViolation)
        {
            throw new StateConflictException("The record was changed or already exists.");
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new StorageUnavailableException(StoreMessages.Unavailable, e);
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.Sql("PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;");
        pragma.ExecuteNonQuery();
        return connection;
    }

    private void EnsureSchema()
    {
        if (Volatile.Read(ref _schemaReady))
        {
            return;
        }
        lock (_schemaGate)
        {
            if (_schemaReady)
            {
                return;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            using var connection = Open();
            using (var wal = connection.Sql("PRAGMA journal_mode = WAL;"))
            {
                wal.ExecuteNonQuery();
            }
            using var transaction = connection.BeginTransaction();
            using (var create = transaction.Sql(SqliteSchema.CreateTables))
            {
                create.ExecuteNonQuery();
            }
            transaction.Commit();
            Volatile.Write(ref _schemaReady, true);
        }
    }
}
