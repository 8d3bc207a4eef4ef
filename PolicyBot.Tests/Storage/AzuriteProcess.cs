using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PolicyBot.Tests.Storage;

/// <summary>
/// Azurite's Table service (node_modules/.bin/azurite-table, installed by <c>npm ci</c>) on 127.0.0.1 and a free port,
/// in memory, telemetry off. No xUnit here: the storage benchmark links this file too.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account key (public, not a secret).</summary>
    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly OutputTail _recentOutput = new();
    private Process? _process;

    private AzuriteProcess(int port) => Port = port;

    public int Port { get; }

    public string ConnectionString => ConnectionStringThrough(Port);

    /// <summary>The connection string with another local port, e.g. a <c>TcpProxy</c>'s in front of this Azurite.</summary>
    public string ConnectionStringThrough(int port) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentAccountKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The Azurite process (to read its CPU time), while it runs.</summary>
    public int? ProcessId => _process?.Id;

    /// <summary>Starts Azurite on a free loopback port and waits until it accepts connections.</summary>
    public static async Task<AzuriteProcess> StartAsync()
    {
        var azurite = new AzuriteProcess(FreeLoopbackPort());
        await azurite.RestartAsync();
        return azurite;
    }

    /// <summary>Starts it again on the same port (after <see cref="StopAsync"/>); in-memory data is gone.</summary>
    public async Task RestartAsync()
    {
        if (IsRunning)
        {
            return;
        }
        var executable = Path.Combine(RepositoryRoot(), "node_modules", ".bin", "azurite-table");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Azurite is not installed: run `npm ci` in {RepositoryRoot()} (expected {executable}).");
        }
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList =
            {
                "--tableHost", "127.0.0.1", "--tablePort", Port.ToString(),
                "--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck", "--silent",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        _process.OutputDataReceived += (_, line) => _recentOutput.Add(line.Data);
        _process.ErrorDataReceived += (_, line) => _recentOutput.Add(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilListeningAsync(_process);
    }

    /// <summary>Stops Azurite and everything it started, so the store becomes unreachable.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>The folder holding package.json, walking up from the running assembly.</summary>
    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "package.json")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"No package.json above {AppContext.BaseDirectory}: cannot find Azurite.");
    }

    private async Task WaitUntilListeningAsync(Process process)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before listening on 127.0.0.1:{Port}. Output:\n{_recentOutput}");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        await StopAsync();
        throw new InvalidOperationException($"Azurite did not listen on 127.0.0.1:{Port} within {StartTimeout.TotalSeconds} s. Output:\n{_recentOutput}");
    }

    /// <summary>A port nothing listens on at the moment, on 127.0.0.1.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The last lines a child process wrote (stdout and stderr), for the message when it fails.</summary>
public sealed class OutputTail(int lines = 40)
{
    private readonly Queue<string> _lines = new();

    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_lines)
        {
            _lines.Enqueue(line);
            while (_lines.Count > lines)
            {
                _lines.Dequeue();
            }
        }
    }

    public override string ToString()
    {
        lock (_lines)
        {
            return string.Join('\n', _lines);
        }
    }
}
