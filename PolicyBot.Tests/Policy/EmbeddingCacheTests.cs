using Microsoft.Extensions.Logging;
using PolicyBot.Dialogs.Policy;
using PolicyBot.Dialogs.Policy.Matching;

namespace PolicyBot.Tests.Policy;

[Collection(PolicyCollection.Name)]
public sealed class EmbeddingCacheTests(PolicyAnswererFixture fixture)
{
    /// <summary>Fails when the pack or vocabulary is edited without regenerating the cache (the bot would still work, but start slowly).</summary>
    [Fact]
    public void ShippedCache_MatchesTheShippedPack()
    {
        var path = EmbeddingCache.PathFor(PolicyPackLoader.DefaultPackPath);

        var vectors = EmbeddingCache.TryRead(path, SemanticIndex.ModelId, fixture.Answerer.EmbeddedTexts, out var reason);

        Assert.True(vectors is not null, $"{path} is stale ({reason}). Regenerate it from the repository root: {EmbeddingCache.RegenerateCommand}");
        Assert.True(fixture.Answerer.EmbeddingsFromCache);
    }

    [Fact]
    public void ShippedCache_AgreesWithTheModel()
    {
        var texts = fixture.Answerer.EmbeddedTexts;
        var cached = EmbeddingCache.TryRead(EmbeddingCache.PathFor(PolicyPackLoader.DefaultPackPath), SemanticIndex.ModelId, texts, out _)!;
        int[] sample = [0, texts.Count / 2, texts.Count - 1];

        var fresh = SemanticIndex.Embed([.. sample.Select(i => texts[i])]);

        for (var k = 0; k < sample.Length; k++)
            Assert.True(fresh[k].Zip(cached[sample[k]], (a, b) => a * b).Sum() > 0.999, $"text {sample[k]} embeds differently from the cache");
    }

    [Fact]
    public void Read_ReturnsTheVectorsOnlyForTheSameTextsAndModel()
    {
        var path = Path.GetTempFileName();
        try
        {
            EmbeddingCache.Write(path, "model-a", ["one", "two"], [[1f, 0f], [0f, 1f]]);

            Assert.Equal([0f, 1f], EmbeddingCache.TryRead(path, "model-a", ["one", "two"], out _)![1]);
            Assert.Null(EmbeddingCache.TryRead(path, "model-a", ["one", "three"], out var edited));
            Assert.Contains("changed", edited);
            Assert.Null(EmbeddingCache.TryRead(path, "model-b", ["one", "two"], out var otherModel));
            Assert.Contains("model-a", otherModel);
            Assert.Null(EmbeddingCache.TryRead(path + ".missing", "model-a", ["one", "two"], out _));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private const string SmallPackJson = """
        {
          "title": "Test Policy", "school": "Test School", "version": "2024", "safeguardingFaqId": "q1",
          "sections": [ { "number": "1", "heading": "Intro", "clauses": [ {"number":"1.1","text":"Be kind online."} ] } ],
          "faqs": [ { "id": "q1", "question": "Must I be kind online?", "phrasings": ["must i be kind on facebook"], "verdict": "Yes.",
                      "explanation": "Clause 1.1.", "clauses": ["1.1"], "followUps": [] } ]
        }
        """;

    /// <summary>A cache of other texts is stale; one of this pack's texts whose vectors another model made (a float copy of the
    /// model deployed beside the app, say) is caught by encoding one text at load. Either way the texts are embedded at load.</summary>
    [Theory]
    [InlineData("another pack's texts", "--write-embeddings")]
    [InlineData("another model's vectors", "embeds the first text differently")]
    public void Answerer_WithACacheItCannotUse_EmbedsAtLoadAndWarns(string cache, string warned)
    {
        var pack = PolicyPackLoader.Parse(SmallPackJson);
        var texts = EmbeddedTextsOf(pack);
        var path = cache == "another pack's texts"
            ? WriteCache(["another pack"], [[1f]])
            : WriteCache(texts, [.. SemanticIndex.Embed([.. texts]).Select(Tilted)]);
        var logger = new CollectingLogger();
        try
        {
            using var answerer = new PolicyAnswerer(pack, embeddingCachePath: path, logger: logger);

            Assert.False(answerer.EmbeddingsFromCache);
            Assert.Contains(warned, Assert.Single(logger.Messages, m => m.Level == LogLevel.Warning).Text);
            Assert.True(answerer.Score("must i be kind on facebook", RetrievalMode.SemanticOnly).Semantic.Values.Max() > 0.99);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Answerer_WithACacheTheModelInUseMade_UsesIt()
    {
        var pack = PolicyPackLoader.Parse(SmallPackJson);
        var texts = EmbeddedTextsOf(pack);
        var path = WriteCache(texts, SemanticIndex.Embed([.. texts]));
        try
        {
            using var answerer = new PolicyAnswerer(pack, embeddingCachePath: path);

            Assert.True(answerer.EmbeddingsFromCache);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static IReadOnlyList<string> EmbeddedTextsOf(PolicyPack pack)
    {
        using var answerer = new PolicyAnswerer(pack);
        return answerer.EmbeddedTexts;
    }

    /// <summary>A temporary cache file naming the model in use.</summary>
    private static string WriteCache(IReadOnlyList<string> texts, IReadOnlyList<float[]> vectors)
    {
        var path = Path.GetTempFileName();
        EmbeddingCache.Write(path, SemanticIndex.ModelId, texts, vectors);
        return path;
    }

    /// <summary>The unit vector at cosine 0.98 from <paramref name="v"/> (as far as the float model's vectors are from the int8 one's):
    /// <paramref name="v"/> plus a fixed direction at right angles to it, a fifth as long.</summary>
    private static float[] Tilted(float[] v)
    {
        var random = new Random(7);
        var r = v.Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var along = r.Zip(v, (a, b) => a * b).Sum();
        r = [.. r.Zip(v, (a, b) => a - along * b)];
        var length = MathF.Sqrt(r.Sum(x => x * x));
        return [.. v.Zip(r, (a, b) => (a + 0.2f * b / length) / MathF.Sqrt(1.04f))];
    }

    private sealed class CollectingLogger : ILogger
    {
        public List<(LogLevel Level, string Text)> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Add((logLevel, formatter(state, exception)));
    }
}
