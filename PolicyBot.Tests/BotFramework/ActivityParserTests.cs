using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using PolicyBot.BotFramework.Schema;
using PolicyBot.Tests.Hardening;

namespace PolicyBot.Tests.BotFramework;

public sealed class ActivityParserTests
{
    private static readonly string[] Fields =
        ["type", "id", "timestamp", "serviceUrl", "channelId", "from", "conversation", "recipient", "text", "value",
         "attachments", "entities", "channelData", "membersAdded", "name", "replyToId", "suggestedActions", "locale"];

    [Fact]
    public void TeamsMessage_IsParsed_AndUnknownPropertiesSurviveARoundTrip()
    {
        var json = """
            {"type":"message","id":"1","serviceUrl":"https://smba.trafficmanager.net/uk/","channelId":"msteams",
             "from":{"id":"29:1","aadObjectId":"aad-1","name":"Sam"},"conversation":{"id":"a:1","conversationType":"personal","tenantId":"t1"},
             "channelData":{"tenant":{"id":"t1"},"somethingNew":{"x":1}},"futureField":[1,2]}
            """;

        Assert.True(ActivityParser.TryParse(Encoding.UTF8.GetBytes(json), out var activity, out _));

        Assert.Equal("aad-1", activity.From?.AadObjectId);
        Assert.Equal("personal", activity.Conversation?.ConversationType);
        Assert.Equal("t1", activity.TenantId);
        var roundTrip = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(activity, BotJson.Options))!;
        Assert.Equal("[1,2]", roundTrip["futureField"]!.ToJsonString());
        Assert.Equal(1, roundTrip["channelData"]!["somethingNew"]!["x"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("""{"type":"message","from":"not an object"}""")]
    [InlineData("""{"type":"message","timestamp":"yesterday"}""")]
    [InlineData("""{"type":"message","membersAdded":{"id":1}}""")]
    [InlineData("""{"type":["message"]}""")]
    [InlineData("""{"type":"message","text":"unterminated""")]
    public void WrongKinds_AreRefusedWithAReason(string json)
    {
        Assert.False(ActivityParser.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error));
        Assert.StartsWith("The body is not a valid activity", error);
    }

    [Fact]
    public void DeeplyNestedJson_IsRefused()
    {
        var json = "{\"type\":\"message\",\"value\":" + new string('[', 5000) + new string(']', 5000) + "}";

        Assert.False(ActivityParser.TryParse(Encoding.UTF8.GetBytes(json), out _, out _));
    }

    /// <summary>
    /// Property: whatever the bytes, the parser answers (an activity or a reason) and never throws. An input it fails on
    /// is saved, shrunk, in the fuzz corpus (the failure names the file), which <c>FuzzCorpusReplayTests</c> replays.
    /// </summary>
    [Fact]
    public void RandomAndMutatedActivities_NeverThrow()
    {
        var anyValue = Gen.OneOf(
            Gen.String.Select(s => (JsonNode?)JsonValue.Create(s)),
            Gen.Int.Select(i => (JsonNode?)JsonValue.Create(i)),
            Gen.Double.Select(d => double.IsFinite(d) ? (JsonNode?)JsonValue.Create(d) : null),
            Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
            Gen.Const(() => (JsonNode?)null),
            Gen.String.Array[0, 3].Select(a => (JsonNode?)new JsonArray(a.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray())),
            Gen.String.Select(s => (JsonNode?)new JsonObject { ["id"] = s, ["name"] = 3 }));
        var activity = Gen.Select(Gen.Int[0, Fields.Length - 1].Array[1, 8], anyValue.Array[8]).Select((fields, values) =>
        {
            var node = new JsonObject();
            for (var i = 0; i < fields.Length; i++)
            {
                node[Fields[fields[i]]] = values[i]?.DeepClone();
            }
            return Encoding.UTF8.GetBytes(node.ToJsonString());
        });
        var mutated = Gen.Select(activity, Gen.Int[0, 200], Gen.Byte).Select((bytes, at, b) =>
        {
            var copy = bytes.ToArray();
            if (copy.Length > 0)
            {
                copy[at % copy.Length] = b;
            }
            return copy;
        });

        FuzzCorpus.Activities.Sample(Gen.OneOf(activity, mutated, Gen.Byte.Array[0, 300]), bytes =>
        {
            var parsed = ActivityParser.TryParse(bytes, out var result, out var error);
            Assert.True(parsed ? result.Type is { Length: > 0 } : error.Length > 0);
        }, iterations: 20_000);
    }
}
