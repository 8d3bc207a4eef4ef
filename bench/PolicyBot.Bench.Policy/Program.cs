using System.Diagnostics;
using PolicyBot.Dialogs.Policy;
using PolicyBot.Dialogs.Policy.Evaluation;
using PolicyBot.Dialogs.Policy.Matching;

// dotnet run -c Release --project bench/PolicyBot.Bench.Policy [-- --misses] [-- --calibrate]
// dotnet run -c Release --project bench/PolicyBot.Bench.Policy -- --cold-start   (process start → first answered question)
// dotnet run -c Release --project bench/PolicyBot.Bench.Policy -- --follow-ups   (follow-ups answered with the question before them)
// Misses are printed for the development sets (own, A, B, E, G, I, J, K, L, M, P, Q, R); the unseen sets C, D, F, H, N and O are reported only with --unseen, never inspected.
var showMisses = args.Contains("--misses");
var devSets = LoadSets(("own       ", "eval-questions.json"), ("held-out A", "eval-heldout.json"), ("held-out B", "eval-heldout-b.json"),
    ("dev E     ", "eval-dev-e.json"), ("dev G     ", "eval-dev-g.json"), ("dev I     ", "eval-dev-i.json"), ("dev J     ", "eval-dev-j.json"), ("dev K     ", "eval-dev-k.json"),
    ("dev L     ", "eval-dev-l.json"), ("dev M     ", "eval-dev-m.json"), ("dev P     ", "eval-dev-p.json"), ("dev Q     ", "eval-dev-q.json"), ("dev R     ", "eval-dev-r.json"));
var own = devSets[0].Set; // calibration set of the single-retriever baselines
// The unseen sets are reported only with --unseen: they are measured at the end of a piece of accuracy work, never during it.
var unseenSets = args.Contains("--unseen")
    ? LoadSets(("held-out C", "eval-heldout-c.json"), ("held-out D", "eval-heldout-d.json"), ("blind F   ", "eval-blind-f.json"), ("blind H   ", "eval-blind-h.json"),
        ("blind N   ", "eval-blind-n.json"), ("blind O   ", "eval-blind-o.json"))
    : [];

var write = Array.IndexOf(args, "--write-embeddings");
if (write >= 0)
{
    // dotnet run -c Release --project bench/PolicyBot.Bench.Policy -- --write-embeddings [pack.json]
    // Default: the shipped pack in the source tree (run from the repository root). Writes "<pack>.embeddings.bin" beside the pack.
    var packPath = args.ElementAtOrDefault(write + 1) ?? Path.Combine("PolicyBot.Dialogs", "Policy", "Pack", "social-media-policy.json");
    using var fresh = new PolicyAnswerer(PolicyPackLoader.Load(packPath)); // no cache path: every text is embedded now
    var cachePath = EmbeddingCache.PathFor(packPath);
    fresh.WriteEmbeddingCache(cachePath);
    Console.WriteLine($"Wrote {fresh.EmbeddedTexts.Count} embeddings ({SemanticIndex.ModelId}) to {cachePath}");
    return;
}
if (args.Contains("--cold-start"))
{
    using var cold = PolicyAnswerer.Create(logger: new ConsoleLogger());
    cold.Answer("can I accept a pupil's friend request on instagram?");
    Console.WriteLine($"Cold start (process start → first answered question): {(DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds:F0} ms");
    if (args.Contains("--memory"))
    {
        static string Rss() => string.Join(" ", File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmRSS") || l.StartsWith("VmHWM") || l.StartsWith("RssAnon") || l.StartsWith("RssFile")).Select(l => string.Join(' ', l.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries))));
        Console.WriteLine($"before GC: {Rss()} managed {GC.GetTotalMemory(false) / 1048576} MB");
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Aggressive, true, true);
        Console.WriteLine($"after GC: {Rss()} managed {GC.GetTotalMemory(false) / 1048576} MB");
    }
    return;
}

var load = Stopwatch.StartNew();
var pack = PolicyPackLoader.Load(PolicyPackLoader.DefaultPackPath);
var packTime = load.Elapsed;
using var answerer = new PolicyAnswerer(pack, embeddingCachePath: EmbeddingCache.PathFor(PolicyPackLoader.DefaultPackPath), logger: new ConsoleLogger());
load.Stop();
Console.WriteLine($"{pack.DisplayName}: {pack.Clauses.Count} clauses, {pack.Faqs.Count} FAQ entries, {pack.Faqs.Sum(f => f.Phrasings.Count)} phrasings");
Console.WriteLine($"Load: pack {packTime.TotalMilliseconds:F0} ms, pack + indexes + MiniLM model + embeddings ({(answerer.EmbeddingsFromCache ? "from the cache" : "computed")}) {load.Elapsed.TotalMilliseconds:F0} ms");
var ask = Array.IndexOf(args, "--ask");
if (ask >= 0)
{
    // dotnet run -c Release --project bench/PolicyBot.Bench.Policy -- --ask "question" ["question" …]
    // "earlier question >> follow-up" asks the follow-up after the earlier question.
    foreach (var asked in args.Skip(ask + 1))
    {
        var (previous, question) = asked.Split(" >> ") is [var before, var after] ? (before, after) : (null, asked);
        var answer = answerer.Answer(question, previous);
        if (answer.ReadWithQuestion is not null) Console.WriteLine($"   (read with: {answer.ReadWithQuestion})");
        Console.WriteLine($"Q: {question}\n   covered={answer.IsCovered} safeguarding={answer.IsSafeguarding} confidence={answer.Confidence:F2}");
        var scores = answerer.Score(question, RetrievalMode.Combined);
        Console.WriteLine($"   top: {string.Join("; ", answerer.Rank(scores).Take(4).Select(t => $"{t.Target.Key} {t.Score:F3} (lex {t.Lexical:F2} sem {t.Semantic:F2})"))}");
        foreach (var part in answer.Parts)
            Console.WriteLine($"   - {part.Verdict} {part.Explanation} ({part.Citation}; {part.FaqId ?? "clause"} {part.Confidence:F2})");
        foreach (var followUp in answer.FollowUpQuestions) Console.WriteLine($"   > {followUp}");
        foreach (var closest in answer.ClosestQuestions) Console.WriteLine($"   closest: {closest}");
    }
    return;
}
Console.WriteLine("Development sets (on-policy + off-policy): " + string.Join(", ", devSets.Select(s => $"{s.Label.Trim()} {s.Set.OnPolicy.Count} + {s.Set.OffPolicy.Count}")) + ".");
Console.WriteLine();

foreach (var (name, mode) in new[] { ("BM25 only", RetrievalMode.LexicalOnly), ("Embeddings only", RetrievalMode.SemanticOnly) })
{
    var options = PolicyEvaluator.Calibrate(answerer, own, mode, [answerer.Options]);
    Console.WriteLine($"{name} (threshold {options.Threshold:F2}, calibrated on the own set)");
    foreach (var (label, set) in devSets.Concat(unseenSets)) Report(label, PolicyEvaluator.Evaluate(answerer, set, mode, options));
}
if (args.Contains("--calibrate"))
{
    var grid = from w in new[] { 0.4, 0.5, 0.6 }
               from k in new[] { 3.0, 5.0 }
               from c in new[] { 0.7, 0.8 }
               from f in new[] { 0.8, 0.9, 1.0 }
               select new MatchingOptions { SemanticWeight = w, LexicalHalfScore = k, ClauseDiscount = c, OffTopicFactor = f };
    var best = PolicyEvaluator.Calibrate(answerer, own, RetrievalMode.Combined, grid);
    Console.WriteLine($"Best combined options on the own set: {best}");
    Report("own       ", PolicyEvaluator.Evaluate(answerer, own, RetrievalMode.Combined, best));
}
if (args.Contains("--sweep"))
{
    // Each candidate with its threshold calibrated on all the development sets together.
    var dev = new EvalSet([.. devSets.SelectMany(s => s.Set.OnPolicy)], [.. devSets.SelectMany(s => s.Set.OffPolicy)]);
    foreach (var candidate in from b in new[] { 0.5, 0.7 } from w in new[] { 0.3, 0.4, 0.5 } from f in new[] { 0.8, 0.9 } select answerer.Options with { BagWeight = b, SemanticWeight = w, OffTopicFactor = f })
    {
        var options = PolicyEvaluator.Calibrate(answerer, dev, RetrievalMode.Combined, [candidate]);
        Console.WriteLine($"bag {options.BagWeight:F1} sem {options.SemanticWeight:F1} off-topic {options.OffTopicFactor:F1} threshold {options.Threshold:F2}");
        foreach (var (label, set) in devSets) Report("  " + label, PolicyEvaluator.Evaluate(answerer, set, RetrievalMode.Combined, options));
    }
}
if (args.Contains("--runner-up"))
    foreach (var margin in new[] { 0.0, 0.03, 0.05, 0.08, 0.10 })
        foreach (var (label, set) in devSets)
        {
            var options = answerer.Options with { RunnerUpMargin = margin };
            var withTwoOrMore = set.OnPolicy.Count(q => answerer.Answer(q.Question, RetrievalMode.Combined, options).Parts.Count > 1);
            Report($"{label}, runner-up margin {margin:F2}, {withTwoOrMore} answers of {set.OnPolicy.Count} with 2+ parts", PolicyEvaluator.Evaluate(answerer, set, RetrievalMode.Combined, options));
        }
if (args.Contains("--about")) SweepFactor("about-mismatch", factor => answerer.Options with { AboutMismatchFactor = factor });
if (args.Contains("--other-subject")) SweepFactor("other-subject", factor => answerer.Options with { OtherSubjectFactor = factor });
if (args.Contains("--threshold")) SweepFactor("threshold", threshold => answerer.Options with { Threshold = threshold }, [0.68, 0.675, 0.67, 0.665, 0.66]);
if (args.Contains("--choice"))
    // The semantic weight used to choose which answer; whether the question is covered stays on the shipped combined score.
    SweepFactor("choice semantic weight", weight => answerer.Options with { ChoiceSemanticWeight = weight }, [0.4, 0.3, 0.25, 0.2, 0.15, 0.1]);
Console.WriteLine("Combined product (shipped settings)");
foreach (var (label, set) in devSets) Report(label, PolicyEvaluator.Evaluate(answerer, set), showMisses);
var unseenResults = unseenSets.Select(s => PolicyEvaluator.Evaluate(answerer, s.Set)).ToList();
foreach (var (label, result) in unseenSets.Select(s => s.Label).Zip(unseenResults)) Report(label, result);
if (unseenSets.Length > 1) Report("all unseen", EvalResult.Sum(unseenResults));

var questions = QuestionsOf(devSets);
foreach (var q in questions.Take(20)) answerer.Answer(q);
Console.WriteLine();
ReportAnswerTime("development", questions);
if (unseenSets.Length > 0) ReportAnswerTime("unseen", QuestionsOf(unseenSets));

if (args.Contains("--follow-ups"))
{
    // Follow-ups typed after an earlier question ("what if they've left?"), each answered with the earlier one as the
    // conversation would. Misses are printed: it is a development set.
    var result = FollowUpEvaluator.Evaluate(answerer, FollowUpEvaluator.Load(Path.Combine(AppContext.BaseDirectory, "eval", "eval-follow-ups.json")));
    foreach (var miss in result.Misses) Console.WriteLine("      " + miss);
    Console.WriteLine($"Follow-ups: {result}");
}

if (args.Contains("--profile"))
{
    // Where an answer's time goes, as a mean over the development questions: the embedding model is most of it.
    // Managed allocations too (the ONNX runtime's own buffers are native, not counted): they set how often the GC runs.
    string Mean(Action<string> work)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        foreach (var q in questions) work(q);
        var milliseconds = watch.Elapsed.TotalMilliseconds / questions.Count;
        return $"{milliseconds:F2} ms, {(GC.GetAllocatedBytesForCurrentThread() - allocated) / 1024.0 / questions.Count:F0} KB";
    }
    Console.WriteLine($"Mean per question: answer {Mean(q => answerer.Answer(q))}; "
        + $"answer without embeddings {Mean(q => answerer.Answer(q, RetrievalMode.LexicalOnly, answerer.Options))}; "
        + $"one encoding of the message as typed {Mean(q => SemanticIndex.Embed([q]))}");
}

static List<string> QuestionsOf((string Label, EvalSet Set)[] sets) =>
    [.. sets.SelectMany(s => s.Set.OnPolicy.Select(q => q.Question).Concat(s.Set.OffPolicy))];

void ReportAnswerTime(string label, List<string> asked)
{
    var times = asked.Select(q =>
    {
        var watch = Stopwatch.StartNew();
        answerer.Answer(q);
        return watch.Elapsed.TotalMilliseconds;
    }).Order().ToList();
    Console.WriteLine($"Answer time over {times.Count} {label} questions: p50 {times[times.Count / 2]:F1} ms, p95 {times[(int)(times.Count * 0.95)]:F1} ms, max {times[^1]:F1} ms");
}

// Every development set at each value of one score factor, the other options as shipped.
void SweepFactor(string name, Func<double, MatchingOptions> options, double[]? values = null)
{
    foreach (var factor in values ?? [1.0, 0.95, 0.9, 0.85, 0.8])
        foreach (var (label, set) in devSets)
            Report($"{label}, {name} factor {factor:0.###}", PolicyEvaluator.Evaluate(answerer, set, RetrievalMode.Combined, options(factor)));
}

static (string Label, EvalSet Set)[] LoadSets(params (string Label, string File)[] sets) =>
    [.. sets.Select(s => (s.Label, EvalSet.Load(Path.Combine(AppContext.BaseDirectory, "eval", s.File))))];

void Report(string label, EvalResult result, bool printMisses = false)
{
    Console.WriteLine($"  {label}: {result}");
    if (printMisses)
        foreach (var miss in result.Misses) Console.WriteLine("      " + miss);
}

/// <summary>Prints the answerer's warnings (a stale embedding cache) on the console.</summary>
internal sealed class ConsoleLogger : Microsoft.Extensions.Logging.ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => logLevel >= Microsoft.Extensions.Logging.LogLevel.Warning;

    public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel)) Console.WriteLine($"{logLevel}: {formatter(state, exception)}");
    }
}
