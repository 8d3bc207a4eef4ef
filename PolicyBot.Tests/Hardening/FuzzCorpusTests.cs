using CsCheck;

namespace PolicyBot.Tests.Hardening;

/// <summary>How a failing fuzz property feeds the corpus, on a corpus in a temporary folder.</summary>
public sealed class FuzzCorpusTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "policybot-corpus-" + Guid.NewGuid().ToString("N"));

    private string Folder => Path.Combine(_root, "corpus");

    private string Fallback => Path.Combine(_root, "artifacts");

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void AFailingProperty_SavesTheInputItFailedOn_AndTheFailureNamesTheFile()
    {
        var corpus = new FuzzCorpus(Folder, Fallback);
        const byte Poison = 0xAB;

        var failure = Assert.Throws<CsCheckException>(() =>
            corpus.Sample(Gen.Byte.Array[0, 100], body => Assert.DoesNotContain(Poison, body), iterations: 2_000));

        var saved = Assert.Single(corpus.FileNames());
        Assert.Contains(Path.Combine(Folder, saved), failure.Message, StringComparison.Ordinal);
        Assert.Contains(Poison, corpus.Read(saved));
    }

    [Fact]
    public void APassingProperty_SavesNothing()
    {
        var corpus = new FuzzCorpus(Folder, Fallback);

        corpus.Sample(Gen.Byte.Array[0, 100], body => Assert.True(body.Length <= 100), iterations: 200);

        Assert.False(Directory.Exists(Folder));
    }

    [Fact]
    public void TheSameBodySavedTwice_IsOneFile_NamedByItsHash()
    {
        var corpus = new FuzzCorpus(Folder, Fallback);
        byte[] body = "{\"type\":1}"u8.ToArray();

        var first = corpus.Save(body);
        var second = corpus.Save(body);

        Assert.Equal(first, second);
        Assert.Equal(FuzzCorpus.NameFor(body), Assert.Single(corpus.FileNames()));
        Assert.Equal(body, File.ReadAllBytes(first));
    }

    [Theory]
    [InlineData(new byte[] { 0x7B, 0x7D }, ".json")]
    [InlineData(new byte[] { 0x7B, 0x0A, 0x09, 0x7D }, ".json")]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, 0x7B, 0x7D }, ".bin")]
    [InlineData(new byte[] { 0x7B, 0x00, 0x7D }, ".bin")]
    [InlineData(new byte[] { 0x7B, 0xC0, 0xAF, 0x7D }, ".bin")]
    public void TextIsSavedAsJson_AndAnythingAnEditorCouldAlterAsBin(byte[] body, string extension)
    {
        Assert.Matches("^crash-[0-9a-f]{16}\\" + extension + "$", FuzzCorpus.NameFor(body));
    }

    [Fact]
    public void WhenTheCorpusFolderCannotBeWritten_TheBodyGoesToTheFallback()
    {
        Directory.CreateDirectory(_root);
        var aFile = Path.Combine(_root, "not-a-folder");
        File.WriteAllText(aFile, "");
        var corpus = new FuzzCorpus(Path.Combine(aFile, "corpus"), Fallback);

        var path = corpus.Save([1, 2, 3]);

        Assert.Equal(Path.Combine(Fallback, FuzzCorpus.NameFor([1, 2, 3])), path);
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
    }
}
