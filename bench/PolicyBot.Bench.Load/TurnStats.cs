using System.Collections.Concurrent;
using System.Globalization;

namespace PolicyBot.Bench.Load;

/// <summary>Durations per turn type, server side (the bot's Server-Timing header) and client side, and errors by reason.</summary>
public sealed class TurnStats
{
    private readonly ConcurrentDictionary<string, Samples> _byKind = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _errorTurns = new();

    public void Record(string kind, double? serverMs, double clientMs, string? error)
    {
        _byKind.GetOrAdd(kind, _ => new Samples()).Add(serverMs, clientMs, error is not null);
        if (error is not null)
        {
            _errors.AddOrUpdate(error, 1, (_, n) => n + 1);
            _errorTurns.Enqueue($"{kind} after {clientMs:0} ms: {error}");
        }
    }

    public int Turns => _byKind.Values.Sum(s => s.Count);

    public int Errors => _byKind.Values.Sum(s => s.ErrorCount);

    public IReadOnlyDictionary<string, int> ErrorsByReason => _errors;

    /// <summary>The first failed turns: type, client-side duration, reason.</summary>
    public IEnumerable<string> FirstErrors(int count) => _errorTurns.Take(count);

    /// <summary>A percentile of the server-side durations of all turns, in milliseconds (NaN when none).</summary>
    public double ServerPercentile(double p)
    {
        var all = _byKind.Values.SelectMany(s => s.ServerSnapshot()).Order().ToArray();
        return all.Length == 0 ? double.NaN : Percentile(all, p);
    }

    public static string Header =>
        $"| {"Turn type",-24} | {"turns",6} | {"errors",6} | {"server p50",10} | {"p95",7} | {"p99",7} | {"client p50",10} | {"p99",7} | {"max",7} |\n" +
        $"|{new string('-', 26)}|{new string('-', 8)}|{new string('-', 8)}|{new string('-', 12)}|{new string('-', 9)}|{new string('-', 9)}|{new string('-', 12)}|{new string('-', 9)}|{new string('-', 9)}|";

    /// <summary>One row per turn type, then all turns together; durations in milliseconds.</summary>
    public IEnumerable<string> Rows()
    {
        foreach (var (kind, samples) in _byKind.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            yield return samples.Row(kind);
        }
        var all = new Samples();
        foreach (var samples in _byKind.Values)
        {
            all.AddAll(samples);
        }
        yield return all.Row("all");
    }

    private sealed class Samples
    {
        private readonly List<double> _server = [];
        private readonly List<double> _client = [];

        public int Count { get; private set; }
        public int ErrorCount { get; private set; }

        public void Add(double? serverMs, double clientMs, bool failed)
        {
            lock (this)
            {
                Count++;
                ErrorCount += failed ? 1 : 0;
                if (serverMs is { } server)
                {
                    _server.Add(server);
                }
                _client.Add(clientMs);
            }
        }

        public double[] ServerSnapshot()
        {
            lock (this)
            {
                return [.. _server];
            }
        }

        public void AddAll(Samples other)
        {
            lock (other)
            {
                Count += other.Count;
                ErrorCount += other.ErrorCount;
                _server.AddRange(other._server);
                _client.AddRange(other._client);
            }
        }

        public string Row(string kind)
        {
            lock (this)
            {
                var server = _server.Order().ToArray();
                var client = _client.Order().ToArray();
                return $"| {kind,-24} | {Count,6} | {ErrorCount,6} | {Ms(server, 0.50),10} | {Ms(server, 0.95),7} | {Ms(server, 0.99),7} | {Ms(client, 0.50),10} | {Ms(client, 0.99),7} | {Ms(client, 1.0),7} |";
            }
        }
    }

    public static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1))];

    private static string Ms(double[] sorted, double p) =>
        sorted.Length == 0 ? "-" : Percentile(sorted, p).ToString("0.0", CultureInfo.InvariantCulture);
}
