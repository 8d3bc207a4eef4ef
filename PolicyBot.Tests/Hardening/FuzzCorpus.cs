using System.Security.Cryptography;
using System.Text;
using CsCheck;
using PolicyBot.Tests.Infrastructure;

namespace PolicyBot.Tests.Hardening;

/// <summary>
/// A folder of request bodies that must never break the bot, one file each: <c>.json</c> files are plain UTF-8 text,
/// <c>.bin</c> files raw bytes. A fuzz property run through <see cref="Sample"/> adds the input it failed on, so the
/// failure is replayed by every later run, fixed or not.
/// </summary>
public sealed class FuzzCorpus(string folder, string fallbackFolder)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The activity parser's corpus, PolicyBot.Tests/Hardening/FuzzCorpus, read from the source tree (nothing is
    /// copied to the output); artifacts/fuzz-corpus takes new cases when the source tree is read-only.</summary>
    public static FuzzCorpus Activities { get; } = new(
        Path.Combine(RepoPaths.Root, "PolicyBot.Tests", "Hardening", "FuzzCorpus"),
        Path.Combine(RepoPaths.Root, "artifacts", "fuzz-corpus"));

    public string Folder { get; } = folder;

    /// <summary>The files' names, in a stable order.</summary>
    public IReadOnlyList<string> FileNames() =>
        [.. Directory.EnumerateFiles(Folder)
            .Where(path => Path.GetExtension(path) is ".json" or ".bin")
            .Select(path => Path.GetFileName(path))
            .Order(StringComparer.Ordinal)];

    public byte[] Read(string fileName) => File.ReadAllBytes(Path.Combine(Folder, fileName));

    /// <summary>Names the variable that turns the fuzz run from a count of bodies into a time budget (seconds); CI sets it.</summary>
    public const string SecondsVariable = "POLICYBOT_FUZZ_SECONDS";

    /// <summary>
    /// Checks <paramref name="property"/> on <paramref name="iterations"/> generated bodies, or for as many seconds as
    /// <see cref="SecondsVariable"/> says when it is set. When it fails, CsCheck shrinks the input, which is saved here,
    /// and the test fails with a message naming the file.
    /// </summary>
    public void Sample(Gen<byte[]> bodies, Action<byte[]> property, long iterations)
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable(SecondsVariable), out var s) && s > 0 ? s : -1;
        bodies.Sample(property, iter: seconds > 0 ? -1 : iterations, time: seconds,
            print: shrunk => $"The shrunk failing body was saved as a regression case: {Save(shrunk)}");
    }

    /// <summary>
    /// Saves a body, named by a hash of its bytes (saving it twice keeps one file), in the folder or, when that cannot
    /// be written, in the fallback folder; returns the path written.
    /// </summary>
    public string Save(byte[] body)
    {
        var name = NameFor(body);
        foreach (var target in new[] { Folder, fallbackFolder })
        {
            try
            {
                Directory.CreateDirectory(target);
                var path = Path.Combine(target, name);
                if (!File.Exists(path))
                {
                    File.WriteAllBytes(path, body);
                }
                return path;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Read-only here: try the fallback.
            }
        }
        throw new IOException($"The body could not be saved in {Folder} nor in {fallbackFolder}.");
    }

    /// <summary><c>crash-</c>, the first 16 hex digits of the body's SHA-256, then <c>.json</c> for plain text, else <c>.bin</c>.</summary>
    public static string NameFor(byte[] body) =>
        "crash-" + Convert.ToHexStringLower(SHA256.HashData(body))[..16] + (IsPlainText(body) ? ".json" : ".bin");

    /// <summary>Valid UTF-8 with no byte order mark and no control character but tab and line breaks: text that an editor
    /// or git cannot change by accident.</summary>
    private static bool IsPlainText(byte[] body)
    {
        if (body.AsSpan().StartsWith(Encoding.UTF8.Preamble))
        {
            return false;
        }
        try
        {
            return StrictUtf8.GetString(body).All(c => !char.IsControl(c) || c is '\t' or '\r' or '\n');
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
