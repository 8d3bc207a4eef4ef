using System.Text.Json;
using System.Text.Json.Nodes;
using PolicyBot.BotFramework.Schema;

namespace PolicyBot.Tests.BotFramework;

public sealed class ActivityTests
{
    private const string Tenant = "72f988bf-0000-0000-0000-000000000001";

    [Theory]
    [InlineData("""{"tenant":{"id":"72f988bf-0000-0000-0000-000000000001"}}""", Tenant)]
    [InlineData("""{"tenant":{"id":"72f988bf-0000-0000-0000-000000000001"},"somethingNew":[1]}""", Tenant)]
    [InlineData("""{"team":{"id":"19:team"}}""", "from-conversation")]
    [InlineData("""{"tenant":null}""", "from-conversation")]
    [InlineData("""{"tenant":{}}""", "from-conversation")]
    public void TenantId_IsChannelDataTenant_ElseTheConversations(string channelData, string expected)
    {
        var activity = new Activity { ChannelData = JsonNode.Parse(channelData), Conversation = new() { TenantId = "from-conversation" } };

        Assert.Equal(expected, activity.TenantId);
    }

    [Fact]
    public void TenantId_WithoutChannelData_IsTheConversations()
    {
        Assert.Equal(Tenant, new Activity { Conversation = new() { TenantId = Tenant } }.TenantId);
    }

    [Theory]
    [InlineData("""{"tenant":{"id":12}}""")]
    [InlineData("""{"tenant":{"id":["72f988bf-0000-0000-0000-000000000001"]}}""")]
    [InlineData("""{"tenant":{"id":{"id":"72f988bf-0000-0000-0000-000000000001"}}}""")]
    [InlineData("""{"tenant":"72f988bf-0000-0000-0000-000000000001"}""")]
    [InlineData("""{"tenant":{"id":"72f988bf-0000-0000-0000-000000000001"},"team":42}""")]
    [InlineData("""12""")]
    [InlineData("""["72f988bf-0000-0000-0000-000000000001"]""")]
    public void ChannelDataNotOfTeamsShape_HasNoTenant_EvenWhenTheConversationNamesOne(string channelData)
    {
        var activity = new Activity { ChannelData = JsonNode.Parse(channelData), Conversation = new() { TenantId = Tenant } };

        Assert.Null(activity.TenantId);
        Assert.Null(activity.GetTeamsChannelData());
    }

    private static Activity Mentioning(string text, string entitiesJson) => new()
    {
        Text = text,
        Recipient = new() { Id = "28:policybot", Name = "PolicyBot" },
        Entities = JsonSerializer.Deserialize<List<Entity>>(entitiesJson, BotJson.Options),
    };

    [Fact]
    public void RemoveRecipientMention_TakesOutTheBotsMention_AndLeavesOthers()
    {
        var activity = Mentioning("<at>PolicyBot</at> can <at>Jo Lee</at> and I share the class page login?", """
            [{"type":"mention","text":"<at>PolicyBot</at>","mentioned":{"id":"28:policybot","name":"PolicyBot"}},
             {"type":"mention","text":"<at>Jo Lee</at>","mentioned":{"id":"29:jo","name":"Jo Lee"}}]
            """);

        Assert.Equal("can <at>Jo Lee</at> and I share the class page login?", activity.RemoveRecipientMention());
        Assert.Equal("can <at>Jo Lee</at> and I share the class page login?", activity.Text);
    }

    [Theory]
    [InlineData("""[{"type":"mention","text":"<at>PolicyBot</at>","mentioned":"28:policybot"}]""")]
    [InlineData("""[{"type":"mention","text":42,"mentioned":{"id":"28:policybot"}}]""")]
    [InlineData("""[{"type":"mention","mentioned":{"id":["28:policybot"]}}]""")]
    [InlineData("""[{"type":"mention","text":"","mentioned":{"id":"28:policybot"}}]""")]
    [InlineData("""[{"type":"clientInfo","text":"<at>PolicyBot</at>"}]""")]
    [InlineData("""[null, {"type":"mention"}]""")]
    public void RemoveRecipientMention_IgnoresEntitiesOfAnotherShape(string entities)
    {
        var activity = Mentioning("<at>PolicyBot</at> hello", entities);

        Assert.Equal("<at>PolicyBot</at> hello", activity.RemoveRecipientMention());
    }
}
