using Microsoft.Data.Sqlite;

namespace PolicyBot.Storage.Sqlite;

/// <summary>Parameterised commands in one line.</summary>
internal static class SqliteCommands
{
    public static SqliteCommand Sql(this SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }

    public static SqliteCommand Sql(this SqliteTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = transaction.Connection!.Sql(sql, parameters);
        command.Transaction = transaction;
        return command;
    }

    public static int Execute(this SqliteCommand command)
    {
        using (command)
        {
            return command.ExecuteNonQuery();
        }
    }

    /// <summary>Reads every row with <paramref name="map"/>.</summary>
    public static List<T> Query<T>(this SqliteCommand command, Func<SqliteDataReader, T> map)
    {
        using (command)
        {
            using var reader = command.ExecuteReader();
            var rows = new List<T>();
            while (reader.Read())
            {
                rows.Add(map(reader));
            }
            return rows;
        }
    }

    public static long UnixMs(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    public static string NewETag() => Guid.NewGuid().ToString("N");
}
