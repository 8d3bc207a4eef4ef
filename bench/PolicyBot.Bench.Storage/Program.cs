using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PolicyBot.Bench.Storage;
using PolicyBot.Storage;
using PolicyBot.Tests.Storage;

// Measures, one operation at a time, what a turn and a decision cost on each store: p50, p99 and operations per second.
// Usage: dotnet run -c Release --project bench/PolicyBot.Bench.Storage [-- iterations]
var iterations = args.Length > 0 ? int.Parse(args[0]) : 1000;
const int warmup = 100;
const int records = 50;

var sqliteFolder = Path.Combine(Path.GetTempPath(), "policybot-bench-" + Guid.NewGuid().ToString("N"));
await using var azurite = await AzuriteProcess.StartAsync();
(string Backend, Dictionary<string, string?> Settings)[] backends =
[
    ("SQLite", new() { ["Storage:SqlitePath"] = Path.Combine(sqliteFolder, "bench.db") }),
    ("Azurite (Tables)", new() { ["Storage:ConnectionString"] = azurite.ConnectionString, ["Storage:TablePrefix"] = "Bench" }),
];

Console.WriteLine($"{iterations} operations each after {warmup} warm-up, {records} records, one at a time; {Environment.ProcessorCount} cores.");
Console.WriteLine();
Console.WriteLine($"| {"Backend",-17} | {"Scenario",-34} | {"p50 ms",7} | {"p99 ms",7} | {"ops/s",7} |");
Console.WriteLine($"|{new string('-', 19)}|{new string('-', 36)}|{new string('-', 9)}|{new string('-', 9)}|{new string('-', 9)}|");
try
{
    foreach (var (backend, settings) in backends)
    {
        await using var stores = new ServiceCollection()
            .AddPolicyBotStorage(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
        var scenarios = new StorageScenarios(stores, records);
        Print(backend, "state load + save (one turn)", await MeasureAsync(scenarios.StateTurnAsync, warmup, iterations));
        Print(backend, "approval read + decide + outbox", await MeasureAsync(scenarios.ApprovalDecisionAsync, warmup, iterations));
    }
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    if (Directory.Exists(sqliteFolder))
    {
        Directory.Delete(sqliteFolder, recursive: true);
    }
}

static async Task<Measurement> MeasureAsync(Func<Task> operation, int warmup, int iterations)
{
    for (var i = 0; i < warmup; i++)
    {
        await operation();
    }
    var latencies = new double[iterations];
    var total = Stopwatch.StartNew();
    for (var i = 0; i < iterations; i++)
    {
        var started = Stopwatch.GetTimestamp();
        await operation();
        latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
    total.Stop();
    Array.Sort(latencies);
    return new Measurement(Percentile(latencies, 0.50), Percentile(latencies, 0.99), iterations / total.Elapsed.TotalSeconds);
}

static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

static void Print(string backend, string scenario, Measurement m) =>
    Console.WriteLine($"| {backend,-17} | {scenario,-34} | {m.P50,7:F2} | {m.P99,7:F2} | {m.OpsPerSecond,7:F0} |");

internal sealed record Measurement(double P50, double P99, double OpsPerSecond);
