using System.Diagnostics;

namespace PolicyBot.Bench.Load;

/// <summary>CPU time used so far by the bot, Azurite (when it runs) and this benchmark.</summary>
public sealed record CpuUse(TimeSpan Bot, TimeSpan Azurite, TimeSpan Bench)
{
    public static CpuUse operator -(CpuUse after, CpuUse before) =>
        new(after.Bot - before.Bot, after.Azurite - before.Azurite, after.Bench - before.Bench);

    /// <summary>"bot 3.1 ms, Azurite 1.2 ms, benchmark 0.9 ms per turn: at most 390 turns/s on 2 cores doing nothing else".</summary>
    public string PerTurn(int turns, string unit = "turn")
    {
        if (turns == 0)
        {
            return "no turns";
        }
        double Ms(TimeSpan t) => t.TotalMilliseconds / turns;
        var total = Ms(Bot) + Ms(Azurite) + Ms(Bench);
        var azurite = Azurite > TimeSpan.Zero ? $", Azurite {Ms(Azurite):0.00} ms" : "";
        return $"CPU per {unit}: bot {Ms(Bot):0.00} ms{azurite}, benchmark client {Ms(Bench):0.00} ms " +
               $"→ at most {Environment.ProcessorCount * 1000 / total:0} {unit}s/s on {Environment.ProcessorCount} cores doing nothing else";
    }
}

public sealed class CpuMeter(int botProcessId, int? azuriteProcessId)
{
    public CpuUse Sample() => new(CpuOf(botProcessId), azuriteProcessId is { } azurite ? CpuOf(azurite) : TimeSpan.Zero, CpuOf(Environment.ProcessId));

    private static TimeSpan CpuOf(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return process.TotalProcessorTime;
        }
        catch (ArgumentException)
        {
            return TimeSpan.Zero; // exited
        }
    }
}
