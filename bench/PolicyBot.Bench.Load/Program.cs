using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using PolicyBot.Bench.Load;
using PolicyBot.Tests.Infrastructure;
using PolicyBot.Tests.Storage;

// Load and approval storm against the real bot (its own process, Release build) on loopback, on SQLite and on Azurite.
// Usage: dotnet run -c Release --project bench/PolicyBot.Bench.Load [-- options]; see BenchOptions.Usage.
var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

// Ctrl-C, SIGTERM and SIGQUIT cancel the run, so the finally blocks stop the bot and Azurite; ChildProcesses kills them
// at exit in any case.
using var cancel = new CancellationTokenSource();
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
using var onQuit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Cancel);

var school = SampleSchool.Load();
var tempFolder = Path.Combine(Path.GetTempPath(), "policybot-load-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(tempFolder);
await using var connector = await BenchConnector.StartAsync();
AzuriteProcess? azurite = null;
var summary = new List<string>();
var failed = false;
var runs = 0;

Console.WriteLine($"PolicyBot load benchmark: {Environment.ProcessorCount} cores, {BotProcess.Configuration} bot at {BotProcess.DllPath}");
Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Trim()} at start (other work on this machine shows here)");
try
{
    if (options.Backends.Contains("azurite"))
    {
        azurite = await AzuriteProcess.StartAsync();
        ChildProcesses.OnExit(azurite.StopAsync);
    }
    foreach (var backend in options.Backends)
    {
        if (options.Load)
        {
            await RunLoadAsync(backend, cancel.Token);
        }
        if (options.Storm)
        {
            failed |= !await RunStormAsync(backend, cancel.Token);
        }
    }
    Console.WriteLine();
    Console.WriteLine("## Summary");
    Console.WriteLine();
    foreach (var line in summary)
    {
        Console.WriteLine(line);
    }
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("Cancelled.");
    failed = true;
}
finally
{
    if (azurite is not null)
    {
        await azurite.DisposeAsync();
    }
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(tempFolder, recursive: true);
}
return failed ? 1 : 0;

// One fresh store per run: a new SQLite file, or a new table prefix on the shared Azurite.
(string Label, Dictionary<string, string> BotSettings, Dictionary<string, string?> StoreSettings) Store(string backend)
{
    runs++;
    Dictionary<string, string> bot = new()
    {
        ["Directory__Path"] = SampleSchool.DirectoryPath,
        ["Approvals__ServiceUrl"] = connector.ServiceUrl,
    };
    Dictionary<string, string?> store = [];
    if (backend == "sqlite")
    {
        var path = Path.Combine(tempFolder, $"run{runs}.db");
        bot["Storage__SqlitePath"] = path;
        store["Storage:SqlitePath"] = path;
        return ("SQLite", bot, store);
    }
    var prefix = $"Bench{runs}";
    bot["Storage__ConnectionString"] = azurite!.ConnectionString;
    bot["Storage__TablePrefix"] = prefix;
    store["Storage:ConnectionString"] = azurite.ConnectionString;
    store["Storage:TablePrefix"] = prefix;
    return ("Azurite (Tables)", bot, store);
}

async Task RunLoadAsync(string backend, CancellationToken cancellationToken)
{
    var (label, botSettings, _) = Store(backend);
    Phase[] phases =
    [
        new("warm-up", options.WarmUp, options.ThinkTime),
        new("paced", options.Duration, options.ThinkTime),
        new("flat out", options.Duration, TimeSpan.Zero),
    ];
    Console.WriteLine();
    Console.WriteLine($"## {label}: load, {options.Conversations} conversations; {Seconds(options.WarmUp)} warm-up and {Seconds(options.Duration)} paced (pause between turns {Seconds(options.ThinkTime)} mean), then {Seconds(options.Duration)} flat out (no pause); {(options.Lockstep ? "in lockstep (everyone starts within one pause)" : "each person starts at a random point of one cycle")}");
    await using var bot = BotProcess.Start(botSettings);
    using var http = BotClient.CreateHttpClient(bot.Address);
    var client = new BotClient(http, connector);
    var (coldStart, firstTurnMs) = await ColdStartAsync(bot, client, cancellationToken);
    Console.WriteLine($"cold start (process start → first policy question answered at the Connector): {Seconds(coldStart)}; that first turn took {firstTurnMs:0} ms in the bot");

    var cpu = new CpuMeter(bot.ProcessId, azurite?.ProcessId is { } id && backend == "azurite" ? id : null);
    var results = await new LoadRun(client, connector.ServiceUrl, school, options.Conversations, $"r{runs}", cpu, options.Lockstep).RunAsync(phases, cancellationToken);
    var peak = bot.PeakRssMegabytes();
    Console.WriteLine($"peak RSS of the bot (VmHWM): {peak:0} MB; load average now {File.ReadAllText("/proc/loadavg").Trim()}");
    PrintProblems(bot);
    Console.WriteLine($"warm-up (not in the tables): {results[0].Stats.Turns} turns, {results[0].Stats.Errors} errors, server p99 {results[0].Stats.ServerPercentile(0.99):0.0} ms");
    foreach (var result in results.Skip(1))
    {
        Console.WriteLine();
        Console.WriteLine($"### {label}, {result.Phase.Name}: {result.TurnsPerSecond:0} turns/s over {Seconds(result.Elapsed)}, {result.Stats.Errors} errors (ms)");
        Console.WriteLine();
        Console.WriteLine(result.Cpu.PerTurn(result.Stats.Turns));
        PrintTable(result.Stats);
    }
    var paced = results[1];
    var flatOut = results[2];
    summary.Add($"{label,-17} load: paced {paced.TurnsPerSecond:0} turns/s, server p99 {paced.Stats.ServerPercentile(0.99):0.0} ms; " +
                $"flat out {flatOut.TurnsPerSecond:0} turns/s, server p99 {flatOut.Stats.ServerPercentile(0.99):0.0} ms; " +
                $"errors {paced.Stats.Errors + flatOut.Stats.Errors}; cold start {Seconds(coldStart)}; peak RSS {peak:0} MB");
}

async Task<bool> RunStormAsync(string backend, CancellationToken cancellationToken)
{
    var (label, botSettings, storeSettings) = Store(backend);
    Console.WriteLine();
    Console.WriteLine($"## {label}: approval storm, {options.Requests} requests, {options.StormConcurrency} clicks at a time, 10 % double clicks, 5 % redeliveries");
    await using var bot = BotProcess.Start(botSettings);
    using var http = BotClient.CreateHttpClient(bot.Address);
    var client = new BotClient(http, connector);
    await ColdStartAsync(bot, client, cancellationToken);
    var cpu = new CpuMeter(bot.ProcessId, azurite?.ProcessId is { } id && backend == "azurite" ? id : null);
    var cpuBefore = cpu.Sample();
    var result = await new ApprovalStorm(client, connector.ServiceUrl, school, storeSettings, options.Requests, options.StormConcurrency).RunAsync(cancellationToken);
    var verdict = result.Passed ? "PASS" : "FAIL";
    Console.WriteLine($"created {result.Requests} submitted requests in {Seconds(result.Creating)} (product store + ApprovalWorkflow.StartAsync, in this process, on the bot's store)");
    Console.WriteLine($"line managers' approvals: {Seconds(result.LineManagers)} ({result.Requests / result.LineManagers.TotalSeconds:0} requests/s); headteacher's: {Seconds(result.Headteacher)} ({result.Requests / result.Headteacher.TotalSeconds:0} requests/s)");
    Console.WriteLine($"decisions recorded {result.Decisions}, expected exactly {result.ExpectedDecisions}; requests approved {result.Approved}/{result.Requests}; errors {result.Stats.Errors} → {verdict}");
    Console.WriteLine("answers: " + string.Join(", ", result.Answers.OrderByDescending(a => a.Value).Select(a => $"{a.Key} × {a.Value}")));
    Console.WriteLine($"peak RSS of the bot (VmHWM): {bot.PeakRssMegabytes():0} MB");
    Console.WriteLine((cpu.Sample() - cpuBefore).PerTurn(result.Stats.Turns, "invoke") + " (creating the requests included)");
    PrintProblems(bot);
    PrintTable(result.Stats);
    summary.Add($"{label,-17} storm: {verdict}, {result.Decisions}/{result.ExpectedDecisions} decisions, {result.Stats.Turns} invokes, server p99 {result.Stats.ServerPercentile(0.99):0.0} ms");
    return result.Passed;
}

// Process start → the HTTP 200 of the first policy question and its reply at the Connector; retried every 10 ms while
// the bot is not listening yet.
async Task<(TimeSpan Elapsed, double? FirstTurnMs)> ColdStartAsync(BotProcess bot, BotClient client, CancellationToken cancellationToken)
{
    var teacher = school.Teachers[0];
    var teams = new TeamsActivities(connector.ServiceUrl, teacher.Id, teacher.DisplayName, $"a:1:bench-cold-start-{runs}", $"29:bench-cold-start-{runs}");
    var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 60;
    while (true)
    {
        if (bot.HasExited)
        {
            throw new InvalidOperationException($"The bot exited before answering. Its output:\n{bot.RecentOutput()}");
        }
        var outcome = await client.SendAsync(teams.Message(StaffScript.FirstQuestion), cancellationToken: cancellationToken);
        if (outcome.Error is null)
        {
            return (Stopwatch.GetElapsedTime(bot.StartedAt), outcome.ServerMs);
        }
        if (Stopwatch.GetTimestamp() > deadline)
        {
            throw new TimeoutException($"The bot did not answer within 60 s (last: {outcome.Error}). Its output:\n{bot.RecentOutput()}");
        }
        await Task.Delay(10, cancellationToken);
    }
}

void Cancel(PosixSignalContext context)
{
    context.Cancel = true;
    cancel.Cancel();
}

static void PrintProblems(BotProcess bot)
{
    foreach (var (problem, count) in bot.LoggedProblems().OrderByDescending(p => p.Value))
    {
        Console.WriteLine($"  bot logged × {count}: {problem}");
    }
}

static void PrintTable(TurnStats stats)
{
    Console.WriteLine();
    Console.WriteLine(TurnStats.Header);
    foreach (var row in stats.Rows())
    {
        Console.WriteLine(row);
    }
    foreach (var (reason, count) in stats.ErrorsByReason)
    {
        Console.WriteLine($"  error: {reason} × {count}");
    }
    foreach (var turn in stats.FirstErrors(5))
    {
        Console.WriteLine($"  e.g. {turn}");
    }
}

static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";

/// <summary>The command line.</summary>
internal sealed record BenchOptions(int Conversations, TimeSpan WarmUp, TimeSpan Duration, TimeSpan ThinkTime, string[] Backends, bool Load, bool Storm, int Requests, int StormConcurrency, bool Lockstep = false)
{
    public const string Usage = """
        dotnet run -c Release --project bench/PolicyBot.Bench.Load [-- options]
          --conversations N    concurrent staff conversations (default 200)
          --duration S         seconds of each measured load phase, paced then flat out (default 30)
          --warm-up S          seconds of paced load before them, not in the tables (default 25: everyone has started by then)
          --lockstep           everyone starts within one pause, so all ask their questions at once (default: each
                               starts after a random pause of up to one cycle, 30 turns)
          --think-ms MS        mean pause between a person's turns in the paced phase (default 650:
                               200 conversations then offer about 300 turns/s while turns are fast)
          --backend B          sqlite | azurite | both (default both)
          --load               the load only        --storm   the approval storm only (default: both)
          --requests N         requests in the storm (default 500)
          --storm-concurrency N  clicks in flight at once in the storm (default 50)
        """;

    public static BenchOptions? Parse(string[] args)
    {
        var o = new BenchOptions(200, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(650), ["sqlite", "azurite"], true, true, 500, 50);
        bool? loadOnly = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value");
            int Number() => int.Parse(Next(), CultureInfo.InvariantCulture) is var n and > 0 ? n : throw new FormatException("must be positive");
            try
            {
                o = args[i] switch
                {
                    "--conversations" => o with { Conversations = Number() },
                    "--duration" => o with { Duration = TimeSpan.FromSeconds(Number()) },
                    "--warm-up" => o with { WarmUp = TimeSpan.FromSeconds(int.Parse(Next(), CultureInfo.InvariantCulture)) },
                    "--lockstep" => o with { Lockstep = true },
                    "--think-ms" => o with { ThinkTime = TimeSpan.FromMilliseconds(int.Parse(Next(), CultureInfo.InvariantCulture)) },
                    "--backend" => o with
                    {
                        Backends = Next() switch
                        {
                            "sqlite" => ["sqlite"],
                            "azurite" => ["azurite"],
                            "both" => ["sqlite", "azurite"],
                            var other => throw new FormatException($"unknown backend {other}"),
                        },
                    },
                    "--requests" => o with { Requests = Number() },
                    "--storm-concurrency" => o with { StormConcurrency = Number() },
                    "--load" => o,
                    "--storm" => o,
                    _ => throw new FormatException($"unknown option {args[i]}"),
                };
                loadOnly = args[i] switch { "--load" => true, "--storm" => false, _ => loadOnly };
            }
            catch (FormatException ex)
            {
                Console.Error.WriteLine(ex.Message);
                return null;
            }
        }
        return loadOnly switch
        {
            true => o with { Storm = false },
            false => o with { Load = false },
            null => o,
        };
    }
}
