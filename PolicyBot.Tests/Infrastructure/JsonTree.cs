using System.Text.Json.Nodes;

namespace PolicyBot.Tests.Infrastructure;

/// <summary>Walking a card's (or an activity's) JSON, for assertions on what is anywhere inside it.</summary>
public static class JsonTree
{
    /// <summary>Every object in <paramref name="node"/>, itself first, depth first.</summary>
    public static IEnumerable<JsonObject> Descendants(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => Descendants(p.Value))),
        JsonArray a => a.SelectMany(Descendants),
        _ => [],
    };
}
