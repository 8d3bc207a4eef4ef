using System.Globalization;
using static PolicyBot.Dialogs.Policy.Matching.OnnxFields;

namespace PolicyBot.Dialogs.Policy.Matching;

/// <summary>
/// Rewrites an ONNX model so that its large weights live in a data file beside it (ONNX's "external data": each such tensor
/// names the file, offset and length instead of holding raw_data). The ONNX runtime memory-maps that file instead of copying
/// the weights out of the model it parsed: for all-MiniLM-L6-v2 the peak resident memory of loading the model and answering one
/// question fell from 194 to 115 MB, and the steady state from 156 to 115 MB, with identical vectors.
/// </summary>
/// <remarks>
/// Works on the protobuf wire format with the field numbers of onnx.proto (<see cref="OnnxFields"/>) rather than generated
/// classes: every other field is copied through untouched.
/// </remarks>
internal static class OnnxExternalData
{
    private const int DataLocationExternal = 1;
    private const int PageSize = 4096;

    /// <summary>Tensors smaller than this stay inside the model (biases, layer norms): not worth a mapping each.</summary>
    public const int MinimumExternalBytes = 64 * 1024;

    /// <summary>The data file of <paramref name="modelPath"/>: beside it, named after it.</summary>
    public static string DataPathFor(string modelPath) => modelPath + ".data";

    /// <summary>
    /// Writes <paramref name="model"/> to <paramref name="modelPath"/> with each initializer of at least
    /// <see cref="MinimumExternalBytes"/> moved to <see cref="DataPathFor"/>, each at a page-aligned offset so it can be mapped.
    /// </summary>
    public static void Write(byte[] model, string modelPath)
    {
        using var data = File.Create(DataPathFor(modelPath));
        var location = Path.GetFileName(DataPathFor(modelPath));
        using var output = File.Create(modelPath);
        var writer = new OnnxWire.Writer(output);
        foreach (var field in OnnxWire.Read(model))
        {
            if (!field.IsMessage(ModelGraph))
            {
                writer.Copy(field);
                continue;
            }
            writer.Message(ModelGraph, graph =>
            {
                foreach (var part in OnnxWire.Read(field.Bytes))
                {
                    if (part.IsMessage(GraphInitializer)) graph.Message(GraphInitializer, tensor => MoveRawData(part.Bytes, tensor, data, location));
                    else graph.Copy(part);
                }
            });
        }
    }

    /// <summary>Writes the tensor with its raw data moved to the data file, or as it is when small or already external.</summary>
    private static void MoveRawData(ReadOnlyMemory<byte> tensor, OnnxWire.Writer output, FileStream data, string location)
    {
        var fields = OnnxWire.Read(tensor).ToList();
        var raw = fields.FirstOrDefault(f => f.Number == TensorRawData).Bytes;
        if (raw.Length < MinimumExternalBytes || fields.Any(f => f.Number is TensorExternalData or TensorDataLocation))
        {
            fields.ForEach(output.Copy);
            return;
        }
        fields.Where(f => f.Number != TensorRawData).ToList().ForEach(output.Copy);
        data.Write(new byte[(PageSize - data.Position % PageSize) % PageSize]);
        var offset = data.Position;
        data.Write(raw.Span);
        WriteEntry(output, "location", location);
        WriteEntry(output, "offset", offset.ToString(CultureInfo.InvariantCulture));
        WriteEntry(output, "length", raw.Length.ToString(CultureInfo.InvariantCulture));
        output.Varint(TensorDataLocation, DataLocationExternal);
    }

    /// <summary>One StringStringEntryProto (key 1, value 2) of TensorProto.external_data.</summary>
    private static void WriteEntry(OnnxWire.Writer output, string key, string value) =>
        output.Message(TensorExternalData, entry =>
        {
            entry.String(EntryKey, key);
            entry.String(EntryValue, value);
        });
}
