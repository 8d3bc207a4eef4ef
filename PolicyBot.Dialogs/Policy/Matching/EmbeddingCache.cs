using System.Security.Cryptography;
using System.Text;

namespace PolicyBot.Dialogs.Policy.Matching;

/// <summary>
/// Precomputed sentence embeddings of a pack's texts, shipped beside the pack ("social-media-policy.embeddings.bin") so start-up does not run
/// the model over every text. Header: magic, model id, SHA-256 of the exact texts in order, count, dimensions; then float32 vectors
/// (little-endian). A cache whose model id or hash differs from what would be embedded is ignored.
/// </summary>
internal static class EmbeddingCache
{
    private const string Magic = "PBEMB1";

    /// <summary>Regenerates the shipped cache; printed in the warning when a cache is stale.</summary>
    public const string RegenerateCommand = "dotnet run -c Release --project bench/PolicyBot.Bench.Policy -- --write-embeddings <pack.json>";

    /// <summary>"…/social-media-policy.json" → "…/social-media-policy.embeddings.bin".</summary>
    public static string PathFor(string packPath) => Path.ChangeExtension(packPath, ".embeddings.bin");

    /// <summary>SHA-256 over the UTF-8 texts, each followed by a zero byte, in order.</summary>
    public static byte[] Hash(IEnumerable<string> texts)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var text in texts)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(text));
            sha.AppendData([0]);
        }
        return sha.GetHashAndReset();
    }

    public static void Write(string path, string modelId, IReadOnlyList<string> texts, IReadOnlyList<float[]> vectors)
    {
        using var writer = new BinaryWriter(File.Create(path), Encoding.UTF8);
        writer.Write(Magic);
        writer.Write(modelId);
        writer.Write(Hash(texts));
        writer.Write(vectors.Count);
        writer.Write(vectors.Count == 0 ? 0 : vectors[0].Length);
        foreach (var vector in vectors)
            foreach (var x in vector) writer.Write(x);
    }

    /// <summary>The header of a cache file, or null when the file is missing or not a cache.</summary>
    public static (string ModelId, byte[] Hash, int Count, int Dimensions)? ReadHeader(string path)
    {
        if (!File.Exists(path)) return null;
        using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        return ReadHeader(reader);
    }

    /// <summary>The vectors of the cache at <paramref name="path"/> when it holds exactly <paramref name="texts"/> embedded by <paramref name="modelId"/>; otherwise null and why.</summary>
    public static float[][]? TryRead(string path, string modelId, IReadOnlyList<string> texts, out string reason)
    {
        if (!File.Exists(path))
        {
            reason = "no cache file";
            return null;
        }
        using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        var header = ReadHeader(reader);
        reason = header switch
        {
            null => "not an embedding cache",
            { ModelId: var id } when id != modelId => $"made with model '{id}', not '{modelId}'",
            { Count: var n } when n != texts.Count => $"holds {n} texts, the pack has {texts.Count}",
            { Hash: var hash } when !hash.AsSpan().SequenceEqual(Hash(texts)) => "the pack's texts have changed",
            _ => "",
        };
        if (reason.Length > 0) return null;

        var dimensions = header!.Value.Dimensions;
        var bytes = reader.ReadBytes(texts.Count * dimensions * sizeof(float));
        if (bytes.Length != texts.Count * dimensions * sizeof(float))
        {
            reason = "the file is truncated";
            return null;
        }
        var vectors = new float[texts.Count][];
        for (var i = 0; i < vectors.Length; i++)
        {
            vectors[i] = new float[dimensions];
            Buffer.BlockCopy(bytes, i * dimensions * sizeof(float), vectors[i], 0, dimensions * sizeof(float));
        }
        return vectors;
    }

    private static (string ModelId, byte[] Hash, int Count, int Dimensions)? ReadHeader(BinaryReader reader)
    {
        try
        {
            if (reader.ReadString() != Magic) return null;
            return (reader.ReadString(), reader.ReadBytes(32), reader.ReadInt32(), reader.ReadInt32());
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException)
        {
            return null;
        }
    }
}
