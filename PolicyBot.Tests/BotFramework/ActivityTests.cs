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
}
