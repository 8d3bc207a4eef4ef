namespace PolicyBot.Storage;

/// <summary>
/// Configuration section "Storage". A connection string or a table service URI selects Azure Table Storage;
/// otherwise the embedded SQLite file is used.
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>An Azure Storage connection string; <c>UseDevelopmentStorage=true</c> for Azurite.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The table service endpoint, reached with the managed identity (DefaultAzureCredential).</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>Put before every table name, so several schools or environments can share one storage account.
    /// Letters and digits only, starting with a letter.</summary>
    public string TablePrefix { get; set; } = "PolicyBot";

    /// <summary>The SQLite file, relative to the app's content root when not absolute.</summary>
    public string SqlitePath { get; set; } = Path.Combine("data", "policybot.db");

    internal bool UsesTableStorage => !string.IsNullOrWhiteSpace(ConnectionString) || TableServiceUri is not null;
}
