using System.Runtime.InteropServices;
using static PolicyBot.Dialogs.Policy.Matching.OnnxFields;

namespace PolicyBot.Dialogs.Policy.Matching;

/// <summary>
/// Dynamic int8 quantisation of an ONNX model's matrix products with constant weights, as ONNX Runtime's own quantisation tool
/// does it: each <c>MatMul(A, W)</c> whose W is a float matrix among the initializers becomes
/// <c>com.microsoft.DynamicQuantizeMatMul(A, W_8bit, scale, zero point)</c>, W quantised symmetrically per column (scale = the
/// column's largest magnitude / 127) and A quantised by the runtime at each call. For all-MiniLM-L6-v2 that is the
/// 36 projection and feed-forward matrices; the attention products (two activations) and everything else stay float.
/// </summary>
/// <remarks>
/// Works on the protobuf wire format with the field numbers of onnx.proto (<see cref="OnnxFields"/>), like
/// <see cref="OnnxExternalData"/>. Other fields are copied through.
/// The weights' values are those of int8 (−127…127) but stored as uint8 with zero point 128, which gives the same integer products:
/// ONNX Runtime's quantisation guide advises uint8 weights where its uint8 × int8 kernel (AVX2 without VNNI) can saturate, and on
/// this machine (VNNI) both ran at the same speed with the same vectors.
/// </remarks>
internal static class OnnxWeightQuantizer
{
    private const string ContribDomain = "com.microsoft";
    private const int FloatType = 1;
    private const int UInt8Type = 2;
    /// <summary>Weights are symmetric int8 values stored as uint8 around this zero point (see the class remarks).</summary>
    private const byte ZeroPoint = 128;

    /// <summary>The model with its constant-weight MatMuls quantised; a model without any comes back unchanged.</summary>
    public static byte[] Quantize(byte[] model)
    {
        var modelFields = OnnxWire.Read(model).ToList();
        var graph = modelFields.FirstOrDefault(f => f.IsMessage(ModelGraph)).Bytes;
        if (graph.IsEmpty) throw new InvalidDataException("The model has no graph.");
        // Each part of the graph read once: a node, a float matrix among the initializers, or neither.
        var parts = OnnxWire.Read(graph)
            .Select(p => (Field: p, Node: p.IsMessage(GraphNode) ? Node.Read(p.Bytes) : null, Weight: p.IsMessage(GraphInitializer) ? FloatMatrix.TryRead(p.Bytes) : null))
            .ToList();
        var weights = parts.Select(p => p.Weight).OfType<FloatMatrix>().ToDictionary(m => m.Name, StringComparer.Ordinal);
        var nodes = parts.Select(p => p.Node).OfType<Node>().ToList();
        var quantised = nodes.Where(n => n.IsMatMulWithWeight(weights)).Select(n => n.Inputs[1]).ToHashSet(StringComparer.Ordinal);
        // A weight that something else also reads stays float.
        quantised.RemoveWhere(w => nodes.Sum(n => n.Inputs.Count(i => i == w)) > 1);
        if (quantised.Count == 0) return model;

        using var output = new MemoryStream(model.Length);
        var writer = new OnnxWire.Writer(output);
        foreach (var field in modelFields.Where(f => !f.IsMessage(ModelGraph))) writer.Copy(field);
        writer.Message(ModelGraph, rewritten =>
        {
            foreach (var (field, node, weight) in parts)
            {
                if (node is not null && node.Inputs.Count == 2 && quantised.Contains(node.Inputs[1]))
                    rewritten.Message(GraphNode, node.WriteAsDynamicQuantizeMatMul);
                else if (weight is not null && quantised.Contains(weight.Name))
                    WriteQuantisedColumns(rewritten, weight);
                else
                    rewritten.Copy(field);
            }
        });
        if (!modelFields.Any(f => f.IsMessage(ModelOpsetImport) && OnnxWire.Read(f.Bytes).Any(d => d.IsMessage(OpsetDomain) && d.Text == ContribDomain)))
            writer.Message(ModelOpsetImport, import =>
            {
                import.String(OpsetDomain, ContribDomain);
                import.Varint(OpsetVersion, 1);
            });
        return output.ToArray();
    }

    /// <summary>The op type of each node of the model's graph, in order.</summary>
    internal static IReadOnlyList<string> OpTypes(byte[] model) =>
        [.. OnnxWire.Read(OnnxWire.Read(model).FirstOrDefault(f => f.IsMessage(ModelGraph)).Bytes)
            .Where(p => p.IsMessage(GraphNode)).Select(p => Node.Read(p.Bytes).OpType)];

    /// <summary>The quantised matrix (under the weight's own name), then its per-column scales and zero points, as three initializers.</summary>
    private static void WriteQuantisedColumns(OnnxWire.Writer graph, FloatMatrix weight)
    {
        var (rows, columns) = (weight.Rows, weight.Columns);
        var values = MemoryMarshal.Cast<byte, float>(weight.Raw.Span); // ONNX raw data is little-endian, as is every CPU .NET runs on here
        var scales = new float[columns];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
                scales[c] = Math.Max(scales[c], Math.Abs(values[(r * columns) + c]));
        for (var c = 0; c < columns; c++) scales[c] = scales[c] == 0 ? 1 : scales[c] / 127;
        var quantised = new byte[rows * columns];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
                quantised[(r * columns) + c] = (byte)(Math.Clamp(MathF.Round(values[(r * columns) + c] / scales[c]), -127, 127) + ZeroPoint);

        graph.Message(GraphInitializer, t => WriteTensor(t, weight.Name, [rows, columns], UInt8Type, quantised));
        graph.Message(GraphInitializer, t => WriteTensor(t, ScaleName(weight.Name), [columns], FloatType, MemoryMarshal.AsBytes(scales.AsSpan()).ToArray()));
        graph.Message(GraphInitializer, t => WriteTensor(t, ZeroPointName(weight.Name), [columns], UInt8Type, Enumerable.Repeat(ZeroPoint, columns).ToArray()));
    }

    private static void WriteTensor(OnnxWire.Writer tensor, string name, int[] dims, int type, byte[] raw)
    {
        foreach (var d in dims) tensor.Varint(TensorDims, (ulong)d);
        tensor.Varint(TensorDataType, (ulong)type);
        tensor.String(TensorName, name);
        tensor.Bytes(TensorRawData, raw);
    }

    private static string ScaleName(string weight) => weight + "_scale";

    private static string ZeroPointName(string weight) => weight + "_zero_point";

    /// <summary>A float initializer of two dimensions held as raw data.</summary>
    private sealed record FloatMatrix(string Name, int Rows, int Columns, ReadOnlyMemory<byte> Raw)
    {
        public static FloatMatrix? TryRead(ReadOnlyMemory<byte> tensor)
        {
            var fields = OnnxWire.Read(tensor).ToList();
            var dims = OnnxWire.Int64s(fields, TensorDims).ToList();
            var type = fields.LastOrDefault(f => f.Number == TensorDataType).Value;
            var name = fields.LastOrDefault(f => f.IsMessage(TensorName)).Text;
            var raw = fields.LastOrDefault(f => f.Number == TensorRawData).Bytes;
            return type == FloatType && dims.Count == 2 && name.Length > 0 && raw.Length == dims[0] * dims[1] * sizeof(float)
                ? new FloatMatrix(name, (int)dims[0], (int)dims[1], raw)
                : null;
        }
    }

    /// <summary>A node of the graph.</summary>
    private sealed record Node(List<string> Inputs, List<string> Outputs, string Name, string OpType, string Domain, bool HasAttributes)
    {
        public static Node Read(ReadOnlyMemory<byte> node)
        {
            var fields = OnnxWire.Read(node).ToList();
            string Text(int number) => fields.LastOrDefault(f => f.IsMessage(number)).Text;
            return new Node([.. fields.Where(f => f.IsMessage(NodeInput)).Select(f => f.Text)], [.. fields.Where(f => f.IsMessage(NodeOutput)).Select(f => f.Text)],
                Text(NodeName), Text(NodeOpType), Text(NodeDomain), fields.Any(f => f.Number == NodeAttribute));
        }

        public bool IsMatMulWithWeight(IReadOnlyDictionary<string, FloatMatrix> weights) =>
            OpType == "MatMul" && Domain.Length == 0 && !HasAttributes && Inputs.Count == 2 && Outputs.Count == 1 && weights.ContainsKey(Inputs[1]);

        public void WriteAsDynamicQuantizeMatMul(OnnxWire.Writer node)
        {
            foreach (var input in new[] { Inputs[0], Inputs[1], ScaleName(Inputs[1]), ZeroPointName(Inputs[1]) }) node.String(NodeInput, input);
            node.String(NodeOutput, Outputs[0]);
            node.String(NodeName, Name);
            node.String(NodeOpType, "DynamicQuantizeMatMul");
            node.String(NodeDomain, ContribDomain);
        }
    }
}
