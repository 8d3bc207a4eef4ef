using System.Text.Json;
using PolicyBot.BotFramework.Schema;

namespace PolicyBot.Storage;

/// <summary>How records are written into a store: the bot's camelCase JSON.</summary>
internal static class StoredJson
{
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, BotJson.Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, BotJson.Options)
        ?? throw new InvalidDataException($"A stored {typeof(T).Name} was empty.");
}
