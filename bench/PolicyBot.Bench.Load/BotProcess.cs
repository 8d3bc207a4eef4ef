using System.Diagnostics;
using System.Globalization;
using PolicyBot.Tests.Storage;

namespace PolicyBot.Bench.Load;

/// <summary>
/// The real bot, <c>dotnet PolicyBot.dll</c> from the build output of the same configuration as this benchmark, as a
/// process of its own on 127.0.0.1 and a free port, in local mode (no MicrosoftAppId: no tokens). Disposing kills it.
/// </summary>
public sealed class BotProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly OutputTail _recentOutput = new();
    private readonly Dictionary<string, int> _problems = new(StringComparer.Ordinal);
    private string? _lastProblem;

    private BotProcess(Process process, Uri address, long startedAt)
    {
        _process = process;
        Address = address;
        StartedAt = startedAt;
    }

    public Uri Address { get; }

    /// <summary>The <see cref="Stopwatch"/> timestamp taken just before the process was started.</summary>
    public long StartedAt { get; }

    public int ProcessId => _process.Id;

    public static string Configuration =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    public static string DllPath => Path.Combine(AzuriteProcess.RepositoryRoot(), "PolicyBot", "bin", Configuration, "net10.0", "PolicyBot.dll");

    /// <summary>Starts the bot with <paramref name="settings"/> as environment variables (<c>Storage__SqlitePath</c>, …).</summary>
    public static BotProcess Start(IReadOnlyDictionary<string, string> settings)
    {
        if (!File.Exists(DllPath))
        {
            throw new InvalidOperationException($"{DllPath} is missing: build the solution in {Configuration} first.");
        }
        var port = AzuriteProcess.FreeLoopbackPort();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { DllPath },
            WorkingDirectory = Path.GetDirectoryName(DllPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["MicrosoftAppId"] = "";
        // As deployed: deploy/main.bicep sets these app settings (two glibc malloc arenas, a 32 MB gen0 budget; see the
        // comments there).
        start.Environment["MALLOC_ARENA_MAX"] = "2";
        start.Environment["DOTNET_GCgen0size"] = "0x2000000";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }
        var startedAt = Stopwatch.GetTimestamp();
        var process = Process.Start(start) ?? throw new InvalidOperationException("The bot process did not start.");
        var bot = new BotProcess(process, new Uri($"http://127.0.0.1:{port}/"), startedAt);
        ChildProcesses.Track(process);
        process.OutputDataReceived += (_, line) => bot.Read(line.Data);
        process.ErrorDataReceived += (_, line) => bot.Read(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return bot;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Peak resident set size so far (VmHWM in /proc), in MB; null where /proc is not available.</summary>
    public double? PeakRssMegabytes() => ReadStatusKilobytes("VmHWM:") / 1024.0;

    private double? ReadStatusKilobytes(string field)
    {
        var status = $"/proc/{_process.Id}/status";
        if (!File.Exists(status))
        {
            return null;
        }
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? null : double.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Warnings and errors the bot logged, counted by category and first message line (the bot's log messages carry no
    /// message text, answers or ids, so they can be printed).
    /// </summary>
    public IReadOnlyDictionary<string, int> LoggedProblems()
    {
        lock (_problems)
        {
            return new Dictionary<string, int>(_problems);
        }
    }

    private void Read(string? line)
    {
        _recentOutput.Add(line);
        if (line is null)
        {
            return;
        }
        lock (_problems)
        {
            if (line.StartsWith("warn: ", StringComparison.Ordinal) || line.StartsWith("fail: ", StringComparison.Ordinal) || line.StartsWith("crit: ", StringComparison.Ordinal))
            {
                _lastProblem = line;
            }
            else if (_lastProblem is not null)
            {
                var key = $"{_lastProblem} {line.Trim()}";
                key = key.Length > 200 ? key[..200] + "…" : key;
                _problems[key] = _problems.GetValueOrDefault(key) + 1;
                _lastProblem = null;
            }
        }
    }

    /// <summary>The bot's last lines of output (its logs carry no message text or ids), for a failure message.</summary>
    public string RecentOutput() => _recentOutput.ToString();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
        ChildProcesses.Forget(_process);
        _process.Dispose();
    }
}

/// <summary>
/// The processes this benchmark started, killed when it exits however it exits (Ctrl-C, an exception, SIGTERM): the
/// normal path disposes them, this is the backstop.
/// </summary>
public static class ChildProcesses
{
    private static readonly List<Process> Running = [];
    private static readonly List<Func<Task>> Stops = [];

    static ChildProcesses() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();

    public static void Track(Process process)
    {
        lock (Running)
        {
            Running.Add(process);
        }
    }

    public static void Forget(Process process)
    {
        lock (Running)
        {
            Running.Remove(process);
        }
    }

    /// <summary>Something else that must be stopped at exit (Azurite, whose process its own class owns).</summary>
    public static void OnExit(Func<Task> stop)
    {
        lock (Running)
        {
            Stops.Add(stop);
        }
    }

    public static void KillAll()
    {
        List<Process> processes;
        List<Func<Task>> stops;
        lock (Running)
        {
            processes = [.. Running];
            stops = [.. Stops];
            Running.Clear();
            Stops.Clear();
        }
        foreach (var process in processes)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
        foreach (var stop in stops)
        {
            try
            {
                stop().Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // Best effort at exit.
            }
        }
    }
}
