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

    [Fact]
    public void Answerer_WithAStaleCache_EmbedsAtLoadAndWarnsHowToRegenerate()
    {
        var pack = PolicyPackLoader.Parse("""
            {
              "title": "Test Policy", "school": "Test School", "version": "2024", "safeguardingFaqId": "q1",
              "sections": [ { "number": "1", "heading": "Intro", "clauses": [ {"number":"1.1","text":"Be kind online."} ] } ],
              "faqs": [ { "id": "q1", "question": "Must I be kind online?", "phrasings": ["must i be kind on facebook"], "verdict": "Yes.",
                          "explanation": "Clause 1.1.", "clauses": ["1.1"], "followUps": [] } ]
            }
            """);
        var path = Path.GetTempFileName();
        var logger = new CollectingLogger();
        try
        {
            EmbeddingCache.Write(path, SemanticIndex.ModelId, ["another pack"], [[1f]]);

            using var answerer = new PolicyAnswerer(pack, embeddingCachePath: path, logger: logger);

            Assert.False(answerer.EmbeddingsFromCache);
            var warning = Assert.Single(logger.Messages, m => m.Level == LogLevel.Warning).Text;
            Assert.Contains("--write-embeddings", warning);
            Assert.True(answerer.Score("must i be kind on facebook", RetrievalMode.SemanticOnly).Semantic.Values.Max() > 0.99);
        }
        finally
        {
            File.Delete(path);
        }
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
