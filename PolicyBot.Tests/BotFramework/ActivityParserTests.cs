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
        Assert.StartsWith("The body is not a valid activity", RefusalOf(json));
    }

    [Fact]
    public void BytesThatAreNotUtf8_AreRefused()
    {
        var json = Encoding.UTF8.GetBytes(Minimal("\"value\":{\"question\":\"#\"}"));
        json[Array.IndexOf(json, (byte)'#')] = 0xC0; // never valid in UTF-8

        Assert.False(ActivityParser.TryParse(json, out _, out var error));
        Assert.Equal("The body is not a valid activity: it is not valid UTF-8.", error);
    }

    [Theory]
    [InlineData("\"text\":\"\\ud800\"")]
    [InlineData("\"value\":{\"question\":\"a lone low half \\udc00\"}")]
    [InlineData("\"value\":{\"question\":\"swapped halves \\ude00\\ud83d\"}")]
    [InlineData("\"channelData\":{\"tenant\":{\"id\":\"\\ud800\"}}")]
    [InlineData("\"channelData\":{\"\\udfff\":1}")]
    [InlineData("\"somethingNew\":[\"\\ud800\"]")]
    public void UnpairedSurrogateEscapes_AreRefused_WhereverTheyAre(string member)
    {
        Assert.Equal("The body is not a valid activity: a string has an unpaired UTF-16 surrogate escape (\\uD800 to \\uDFFF without its other half).", RefusalOf(Minimal(member)));
    }

    [Fact]
    public void ASurrogatePairEscape_IsText()
    {
        var json = Minimal("\"text\":\"\\ud83d\\ude00\",\"value\":{\"question\":\"\\ud83d\\ude00\"}");

        Assert.True(ActivityParser.TryParse(Encoding.UTF8.GetBytes(json), out var activity, out _));

        Assert.Equal("\U0001F600", activity.Text);
        Assert.Equal("\U0001F600", activity.Value!["question"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("\"text\":\"a\",\"text\":\"b\"")]
    [InlineData("\"text\":\"a\",\"Text\":\"b\"")]
    [InlineData("\"value\":{\"command\":\"help\",\"command\":\"my requests\"}")]
    [InlineData("\"value\":{\"command\":\"help\",\"Command\":\"my requests\"}")]
    [InlineData("\"channelData\":{\"tenant\":{\"id\":\"a\"},\"Tenant\":{\"id\":\"b\"}}")]
    public void TwoPropertiesWithOneName_AreRefused(string members)
    {
        Assert.Equal("The body is not a valid activity: an object has two properties with the same name (names that differ only in case are the same name).", RefusalOf(Minimal(members)));
    }

    [Fact]
    public void OneNameInDifferentObjects_IsFine()
    {
        var json = Minimal("\"value\":{\"id\":\"1\",\"data\":{\"id\":\"2\"}},\"channelData\":{\"tenant\":{\"id\":\"t1\"},\"team\":{\"id\":\"t2\"}}");

        Assert.True(ActivityParser.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error), error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("smba.trafficmanager.net/uk/")]
    [InlineData("/v3/conversations")]
    [InlineData("ftp://smba.trafficmanager.net/uk/")]
    [InlineData("file:///etc/passwd")]
    [InlineData("mailto:someone@example.org")]
    public void AnActivityWithoutAUsableServiceUrl_IsRefused(string? serviceUrl)
    {
        var activity = JsonNode.Parse(Minimal())!.AsObject();
        activity["serviceUrl"] = serviceUrl;

        Assert.Equal("The activity has no usable \"serviceUrl\": an absolute http or https URL where the bot's replies go.", RefusalOf(activity.ToJsonString()));
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/uk/")]
    [InlineData("http://127.0.0.1:56000/_connector")]
    public void AbsoluteHttpAndHttpsServiceUrls_AreAccepted(string serviceUrl)
    {
        var activity = JsonNode.Parse(Minimal())!.AsObject();
        activity["serviceUrl"] = serviceUrl;

        Assert.True(ActivityParser.TryParse(Encoding.UTF8.GetBytes(activity.ToJsonString()), out var parsed, out _));
        Assert.Equal(serviceUrl, parsed.ServiceUrl);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"name\":\"chat\"}")]
    [InlineData("{\"id\":\"  \"}")]
    public void AnActivityWithoutAConversationId_IsRefused(string conversation)
    {
        var activity = JsonNode.Parse(Minimal())!.AsObject();
        activity["conversation"] = JsonNode.Parse(conversation);

        Assert.Equal("The activity has no \"conversation.id\".", RefusalOf(activity.ToJsonString()));
    }

    [Theory]
    [InlineData("id")]
    [InlineData("replyToId")]
    [InlineData("from.id")]
    [InlineData("recipient.id")]
    [InlineData("conversation.id")]
    public void AnIdWithAControlCharacter_IsRefused(string id)
    {
        var activity = JsonNode.Parse(Minimal("\"from\":{\"id\":\"29:1\"},\"recipient\":{\"id\":\"28:bot\"}"))!.AsObject();
        var path = id.Split('.');
        var owner = path.Length == 2 ? activity[path[0]]!.AsObject() : activity;
        owner[path[^1]] = "a:1\u0000";

        Assert.Equal($"The activity's \"{id}\" contains a control character.", RefusalOf(activity.ToJsonString()));
    }

    [Fact]
    public void ControlCharactersInText_AreText()
    {
        Assert.True(ActivityParser.TryParse(Encoding.UTF8.GetBytes(Minimal("\"text\":\"help\\u0000\\n\"")), out var activity, out _));
        Assert.Equal("help\0\n", activity.Text);
    }

    [Theory]
    [InlineData("typing")]
    [InlineData("messageReaction")]
    [InlineData("somethingNew")]
    public void EveryActivityType_NeedsAServiceUrl(string type)
    {
        var activity = JsonNode.Parse(Minimal())!.AsObject();
        activity["type"] = type;
        activity.Remove("serviceUrl");

        Assert.Contains("serviceUrl", RefusalOf(activity.ToJsonString()), StringComparison.Ordinal);
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

    /// <summary>The smallest message every channel sends: a type, a serviceUrl and a conversation id, then
    /// <paramref name="members"/> (JSON members, comma separated).</summary>
    /// <summary>Asserts that the parser refuses <paramref name="json"/> and returns its reason.</summary>
    private static string RefusalOf(string json)
    {
        Assert.False(ActivityParser.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error));
        return error;
    }

    private static string Minimal(string members = "") =>
        "{\"type\":\"message\",\"serviceUrl\":\"https://smba.trafficmanager.net/uk/\",\"conversation\":{\"id\":\"a:1\"}"
        + (members.Length > 0 ? "," + members : "") + "}";
}
