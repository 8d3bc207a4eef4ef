namespace PolicyBot.Dialogs.Policy.Matching;

/// <summary>The field numbers of onnx.proto that the model rewrites read or write (<see cref="OnnxWire"/> reads the rest through).</summary>
internal static class OnnxFields
{
    public const int ModelGraph = 7;
    public const int ModelOpsetImport = 8;

    public const int GraphNode = 1;
    public const int GraphInitializer = 5;

    public const int NodeInput = 1;
    public const int NodeOutput = 2;
    public const int NodeName = 3;
    public const int NodeOpType = 4;
    public const int NodeAttribute = 5;
    public const int NodeDomain = 7;

    public const int TensorDims = 1;
    public const int TensorDataType = 2;
    public const int TensorName = 8;
    public const int TensorRawData = 9;
    public const int TensorExternalData = 13;
    public const int TensorDataLocation = 14;

    public const int OpsetDomain = 1;
    public const int OpsetVersion = 2;

    /// <summary>StringStringEntryProto, as in TensorProto.external_data.</summary>
    public const int EntryKey = 1;
    public const int EntryValue = 2;
}
