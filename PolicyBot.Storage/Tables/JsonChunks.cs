using Azure.Data.Tables;

namespace PolicyBot.Storage.Tables;

/// <summary>
/// Keeps a JSON document in string properties of one entity: Azure Tables allows 64 KiB (32K UTF-16 characters) per
/// string property and 1 MiB per entity, so the text is split into chunks of 30,000 characters (Json0, Json1, …),
/// never inside a surrogate pair, and joined again on read.
/// </summary>
internal static class JsonChunks
{
    public const int ChunkLength = 30_000;

    /// <summary>15 × 30,000 UTF-16 characters ≈ 900 KB, leaving room for the other properties within 1 MiB.</summary>
    public const int MaxChunks = 15;

    private const string CountProperty = "JsonChunks";

    public static void Write(TableEntity entity, string json)
    {
        var count = 0;
        for (var start = 0; start < json.Length; count++)
        {
            if (count == MaxChunks)
            {
                throw new ArgumentException($"The record is too large to store ({json.Length} characters; at most {MaxChunks * ChunkLength}).");
            }
            var length = Math.Min(ChunkLength, json.Length - start);
            if (start + length < json.Length && char.IsHighSurrogate(json[start + length - 1]))
            {
                length--;
            }
            entity["Json" + count] = json.Substring(start, length);
            start += length;
        }
        entity[CountProperty] = count;
    }

    public static string Read(TableEntity entity)
    {
        var count = entity.GetInt32(CountProperty) ?? throw new InvalidDataException("A stored entity has no JSON.");
        return string.Concat(Enumerable.Range(0, count).Select(i => entity.GetString("Json" + i)));
    }

    /// <summary>The property names a query must select to read the JSON back (besides the chunk count).</summary>
    public static T Deserialize<T>(TableEntity entity) => StoredJson.Deserialize<T>(Read(entity));
}
