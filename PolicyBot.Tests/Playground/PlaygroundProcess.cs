using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using PolicyBot.Tests.Infrastructure;

namespace PolicyBot.Tests.Playground;

/// <summary>
/// One Microsoft 365 Agents Playground (the npm package in node_modules), signed in as one person of the sample
/// directory, on a free port of 127.0.0.1 only, talking to the bot at <c>botEndpoint</c>. Dispose it to kill it.
/// It is started as scripts/run-local.sh starts it: loopback preload, no telemetry, no browser, config from
/// scripts/playground-config.cjs.
/// </summary>
public sealed partial class PlaygroundProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly string _folder;
    private readonly List<string> _output = [];

    private PlaygroundProcess(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    /// <summary>The Playground's web UI and HTTP API.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The Connector endpoints the bot replies to (the activities' serviceUrl).</summary>
    public string ServiceUrl => new Uri(BaseAddress, "_connector").ToString();

    /// <summary>What the Playground printed so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <param name="person">A sample directory person by the part of their mail before @, e.g. sam.taylor.</param>
    public static async Task<PlaygroundProcess> StartAsync(string person, Uri botEndpoint)
    {
        var cli = Path.Combine(RepoPaths.Root, "node_modules", ".bin", "agentsplayground");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException($"The Agents Playground is not installed ({cli} is missing): run `bash scripts/install-prerequisites.sh` first.");
        }

        var folder = Directory.CreateTempSubdirectory($"policybot-playground-{person}-").FullName;
        var config = Path.Combine(folder, ".m365agentsplayground.yml");
        await File.WriteAllTextAsync(config, await RunNodeAsync(Path.Combine(RepoPaths.Root, "scripts", "playground-config.cjs"), person));

        var port = FreeLoopbackPort();
        var start = new ProcessStartInfo(cli)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "start", "--port", port.ToString(), "--disable-telemetry", "--service-url", $"http://127.0.0.1:{port}/_connector" },
            Environment =
            {
                ["BOT_ENDPOINT"] = botEndpoint.ToString(),
                ["TEAMSAPPTESTER_BROWSER"] = "none",
                ["APPLICATION_INSIGHTS_NO_STATSBEAT"] = "true",
                ["M365_AGENTS_PLAYGROUND_CONFIG_PATH"] = config,
                ["M365_AGENTS_PLAYGROUND_LOGFILE"] = Path.Combine(folder, "playground.log"),
                ["NODE_OPTIONS"] = $"--require {Path.Combine(RepoPaths.Root, "scripts", "loopback-only.cjs")}",
            },
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("The Agents Playground process did not start.");
        var playground = new PlaygroundProcess(process, folder, port);
        try
        {
            await playground.WaitUntilListeningAsync(port);
        }
        catch
        {
            await playground.DisposeAsync();
            throw;
        }
        return playground;
    }

    /// <summary>Waits for the "Listening on PORT" line; the Playground silently takes another port if ours was taken.</summary>
    private async Task WaitUntilListeningAsync(int port)
    {
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Collect(object _, DataReceivedEventArgs line)
        {
            if (line.Data is null)
            {
                return;
            }
            lock (_output)
            {
                _output.Add(line.Data);
            }
            if (ListeningLine().Match(line.Data) is { Success: true } match)
            {
                listening.TrySetResult(int.Parse(match.Groups[1].Value));
            }
        }
        _process.OutputDataReceived += Collect;
        _process.ErrorDataReceived += Collect;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(StartTimeout);
        var exited = _process.WaitForExitAsync(timeout.Token);
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(Timeout.Infinite, timeout.Token));
        if (first != listening.Task)
        {
            var why = _process.HasExited ? $"it exited with code {_process.ExitCode}" : $"it did not report listening within {StartTimeout.TotalSeconds:0} s";
            throw new InvalidOperationException($"The Agents Playground did not start: {why}. Its output:\n{Output}");
        }
        if (await listening.Task != port)
        {
            throw new InvalidOperationException($"The Agents Playground took port {await listening.Task} instead of {port} (in use?), so the bot's serviceUrl would be wrong.");
        }
    }

    internal static async Task<string> RunNodeAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"node {Path.GetFileName(script)} failed: {await error}");
        }
        return await output;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"^Listening on (\d+)")]
    private static partial Regex ListeningLine();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A log file still being closed; the temp folder is left behind.
        }
    }
}
