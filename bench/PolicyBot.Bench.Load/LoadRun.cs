using System.Diagnostics;
using PolicyBot.Tests.Infrastructure;

namespace PolicyBot.Bench.Load;

/// <summary>A stretch of the run: how long, and how long each person pauses between turns (mean; 0 = flat out).</summary>
public sealed record Phase(string Name, TimeSpan Duration, TimeSpan MeanThinkTime);

public sealed record PhaseResult(Phase Phase, TurnStats Stats, TimeSpan Elapsed, CpuUse Cpu)
{
    public double TurnsPerSecond => Stats.Turns / Elapsed.TotalSeconds;
}

/// <summary>
/// N staff conversations at once, each its own person (a teacher of the sample school, cycling) and 1:1 conversation,
/// each going round <see cref="StaffScript.Cycle"/> one turn at a time, through the phases in order.
/// </summary>
/// Unless <paramref name="lockstep"/>, each starts after a random pause of up to one cycle's worth of pauses, so the people are
/// at different points of their cycle, as staff are; in lockstep they all start within one pause and ask their questions together.
public sealed class LoadRun(BotClient client, string serviceUrl, SampleSchool school, int conversations, string runId, CpuMeter cpu, bool lockstep)
{
    private int _phase;

    public async Task<IReadOnlyList<PhaseResult>> RunAsync(IReadOnlyList<Phase> phases, CancellationToken cancellationToken)
    {
        var stats = phases.Select(_ => new TurnStats()).ToArray();
        var elapsed = new TimeSpan[phases.Count];
        var cpuUsed = new CpuUse[phases.Count];
        var running = Enumerable.Range(0, conversations)
            .Select(i => Task.Run(() => ConverseAsync(i, phases, stats, cancellationToken), cancellationToken))
            .ToArray();
        for (var p = 0; p < phases.Count; p++)
        {
            Volatile.Write(ref _phase, p);
            var started = Stopwatch.GetTimestamp();
            var cpuBefore = cpu.Sample();
            await Task.Delay(phases[p].Duration, cancellationToken);
            elapsed[p] = Stopwatch.GetElapsedTime(started);
            cpuUsed[p] = cpu.Sample() - cpuBefore;
        }
        Volatile.Write(ref _phase, phases.Count); // no new turns; the ones in flight finish
        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        return [.. phases.Select((phase, p) => new PhaseResult(phase, stats[p], elapsed[p], cpuUsed[p]))];
    }

    private async Task ConverseAsync(int index, IReadOnlyList<Phase> phases, TurnStats[] stats, CancellationToken cancellationToken)
    {
        var teacher = school.Teachers[index % school.Teachers.Count];
        var teams = new TeamsActivities(serviceUrl, teacher.Id, teacher.DisplayName, $"a:1:bench-{runId}-{index}", $"29:bench-{runId}-{index}");
        var random = new Random(index);
        await ThinkAsync(random, phases, stagger: true, cancellationToken);
        for (var cycle = 0; ; cycle++)
        {
            var skipRestOfForm = false;
            foreach (var turn in StaffScript.Cycle(index, cycle))
            {
                var isForm = turn.Kind is StaffScript.FormStart or StaffScript.FormAnswer or StaffScript.FormSubmit;
                if (isForm && skipRestOfForm)
                {
                    continue;
                }
                if (await TakeTurnAsync(teams, turn, phases, stats, cancellationToken) is not { } outcome)
                {
                    return;
                }
                if (isForm && outcome.Error is not null)
                {
                    // Out of step (or a failed turn): cancel the draft so the next cycle starts clean.
                    foreach (var recovery in StaffScript.Recovery)
                    {
                        if (await TakeTurnAsync(teams, recovery, phases, stats, cancellationToken) is null)
                        {
                            return;
                        }
                    }
                    skipRestOfForm = true;
                }
                await ThinkAsync(random, phases, stagger: false, cancellationToken);
            }
        }
    }

    /// <summary>Null when the run is over (no phase left).</summary>
    private async Task<TurnOutcome?> TakeTurnAsync(TeamsActivities teams, ScriptTurn turn, IReadOnlyList<Phase> phases, TurnStats[] stats, CancellationToken cancellationToken)
    {
        var phase = Volatile.Read(ref _phase);
        if (phase >= phases.Count || cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        var outcome = await client.SendAsync(teams.Message(turn.Text), turn.Expect, cancellationToken);
        stats[phase].Record(turn.Kind, outcome.ServerMs, outcome.ClientMs, outcome.Error);
        return outcome;
    }

    private async Task ThinkAsync(Random random, IReadOnlyList<Phase> phases, bool stagger, CancellationToken cancellationToken)
    {
        var phase = Volatile.Read(ref _phase);
        var mean = phase < phases.Count ? phases[phase].MeanThinkTime : TimeSpan.Zero;
        if (mean <= TimeSpan.Zero)
        {
            await Task.Yield();
            return;
        }
        // Uniform over [0.5, 1.5] × mean; the first pause is over [0, turns per cycle] × mean (lockstep: [0, 1] × mean).
        var factor = stagger ? random.NextDouble() * (lockstep ? 1 : StaffScript.TurnsPerCycle) : 0.5 + random.NextDouble();
        await Task.Delay(mean * factor, cancellationToken);
    }
}
