using System.Text.Json;

namespace PolicyBot.BotFramework.Schema;

/// <summary>
/// What System.Text.Json reads without complaint but the bot cannot use later: a string with an unpaired UTF-16
/// surrogate escape (<c>"\ud800"</c> alone) throws when it is read as text, and two properties of one object whose names
/// differ at most in case throw when that object is opened as a <see cref="System.Text.Json.Nodes.JsonObject"/>
/// (the wire format reads names regardless of case). Inside <c>value</c> or <c>channelData</c> both would get past
/// deserialization and fail the turn instead. Both are outside I-JSON (RFC 7493), and no channel sends them.
/// </summary>
internal static class StrictJson
{
    public const string UnpairedSurrogate =
        "a string has an unpaired UTF-16 surrogate escape (\\uD800 to \\uDFFF without its other half).";

    public const string DuplicateName =
        "an object has two properties with the same name (names that differ only in case are the same name).";

    /// <summary>What is wrong with the JSON, to be told to the client, or null when nothing is; a
    /// <see cref="JsonException"/> when the JSON is malformed or nested deeper than the wire format allows.</summary>
    public static string? FindProblem(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = BotJson.Options.MaxDepth });
        var namesByObject = new Stack<HashSet<string>>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    namesByObject.Push(new HashSet<string>(StringComparer.OrdinalIgnoreCase));
                    break;
                case JsonTokenType.EndObject:
                    namesByObject.Pop();
                    break;
                case JsonTokenType.PropertyName:
                    if (ReadText(ref reader) is not { } name)
                    {
                        return UnpairedSurrogate;
                    }
                    if (!namesByObject.Peek().Add(name))
                    {
                        return DuplicateName;
                    }
                    break;
                case JsonTokenType.String when reader.ValueIsEscaped && ReadText(ref reader) is null:
                    return UnpairedSurrogate;
            }
        }
        return null;
    }

    /// <summary>The token as text, or null when its escapes do not make valid UTF-16.</summary>
    private static string? ReadText(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
