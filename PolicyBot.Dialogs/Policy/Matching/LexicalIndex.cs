using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace PolicyBot.Dialogs.Policy.Matching;

/// <summary>BM25 over the normalised texts (Lucene.Net, in memory, English stemming and stop words). Thread-safe for searching.</summary>
internal sealed class LexicalIndex : IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private const string TextField = "text";
    private const string TargetField = "target";
    private readonly Analyzer _analyzer = new EnglishAnalyzer(Version);
    private readonly RAMDirectory _directory = new();
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    /// <summary>The target of each Lucene document, read once: reading a hit's stored field decompresses a block of them.</summary>
    private readonly int[] _targetOfDocument;

    public LexicalIndex(IEnumerable<IndexedText> texts)
    {
        var config = new IndexWriterConfig(Version, _analyzer) { Similarity = new BM25Similarity() };
        using (var writer = new IndexWriter(_directory, config))
        {
            foreach (var text in texts)
                writer.AddDocument(new Document
                {
                    new Int32Field(TargetField, text.TargetIndex, Field.Store.YES),
                    new TextField(TextField, text.Text, Field.Store.NO),
                });
            writer.Commit();
        }
        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
        _targetOfDocument = new int[_reader.MaxDoc];
        for (var document = 0; document < _reader.MaxDoc; document++)
            _targetOfDocument[document] = _reader.Document(document).GetField(TargetField).GetInt32Value()!.Value;
    }

    /// <summary>The best BM25 score of each target for the query (targets with no shared term are absent).</summary>
    public Dictionary<int, double> Search(string normalisedQuery, int maxDocuments = 60)
    {
        var query = new BooleanQuery();
        foreach (var term in Analyse(normalisedQuery).Distinct())
            query.Add(new TermQuery(new Term(TextField, term)), Occur.SHOULD);
        var scores = new Dictionary<int, double>();
        if (query.Clauses.Count == 0) return scores;
        // Collected in document order: for a query of optional terms Lucene otherwise picks its bucket scorer, which
        // allocates a table of 2,048 buckets per search. The answers are the same on every development set.
        var collector = TopScoreDocCollector.Create(maxDocuments, docsScoredInOrder: true);
        _searcher.Search(query, collector);
        foreach (var hit in collector.GetTopDocs().ScoreDocs)
        {
            var target = _targetOfDocument[hit.Doc];
            scores[target] = Math.Max(scores.GetValueOrDefault(target), hit.Score);
        }
        return scores;
    }

    private List<string> Analyse(string text)
    {
        var terms = new List<string>();
        using var stream = _analyzer.GetTokenStream(TextField, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken()) terms.Add(term.ToString());
        stream.End();
        return terms;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
        _analyzer.Dispose();
    }
}
