using System.Diagnostics;
using System.Reflection;

namespace PolicyBot.Tests.Shipping;

/// <summary>Paths in the repository and a way to run its scripts and tools from a test.</summary>
internal static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>node_modules at the repository root; `npm ci` puts it there.</summary>
    public static string NodeModules
    {
        get
        {
            var path = PathOf("node_modules");
            Assert.True(Directory.Exists(Path.Combine(path, "@microsoft", "app-manifest")), $"run `npm ci` in {Root} first");
            return path;
        }
    }

    /// <summary>The Bicep CLI restored from the Azure.Bicep.CommandLine.linux-x64 NuGet package.</summary>
    public static string BicepCli
    {
        get
        {
            var path = typeof(RepoFiles).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "BicepCli").Value;
            Assert.True(File.Exists(path), $"Bicep CLI not restored at '{path}'");
            // NuGet may extract the executable without its execute bit.
            if (OperatingSystem.IsLinux() && !File.GetUnixFileMode(path!).HasFlag(UnixFileMode.UserExecute))
            {
                File.SetUnixFileMode(path!, File.GetUnixFileMode(path!) | UnixFileMode.UserExecute);
            }
            return path!;
        }
    }

    public static string NewTempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "policybot-shipping-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static async Task<ProcessResult> RunAsync(
        string fileName, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        // A guard against a hung tool, not a timing assertion.
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var stdout = process.StandardOutput.ReadToEndAsync(guard.Token);
        var stderr = process.StandardError.ReadToEndAsync(guard.Token);
        await process.WaitForExitAsync(guard.Token);
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PolicyBot.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("PolicyBot.sln not found above " + AppContext.BaseDirectory);
    }
}

internal sealed record ProcessResult(int ExitCode, string StdOut, string StdErr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{StdOut}\nstderr:\n{StdErr}";
}
