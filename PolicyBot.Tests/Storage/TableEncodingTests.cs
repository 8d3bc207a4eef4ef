using Azure.Data.Tables;
using PolicyBot.Storage.Tables;

namespace PolicyBot.Tests.Storage;

public sealed class TableEncodingTests
{
    [Theory]
    [InlineData("plain-id", "plain-id")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("a\\b", "a%5Cb")]
    [InlineData("a#b?c", "a%23b%3Fc")]
    [InlineData("100%", "100%25")]
    [InlineData("tab\there", "tab%09here")]
    [InlineData("29:1abc@thread.v2", "29:1abc@thread.v2")]
    public void Keys_HaveTheForbiddenCharactersAndTheEscapeEscaped(string id, string key) =>
        Assert.Equal(key, TableKeys.Escape(id));

    [Fact]
    public void LongKeys_AreShortened_AndStayDistinct()
    {
        var first = TableKeys.Escape(new string('a', 1000) + "1");
        var second = TableKeys.Escape(new string('a', 1000) + "2");

        Assert.True(first.Length <= 400);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Json_IsSplitIntoChunksThatFitAStringProperty_WithoutBreakingASurrogatePair_AndJoinedAgain()
    {
        var json = new string('x', JsonChunks.ChunkLength - 1) + "😀" + new string('y', 70_000);
        var entity = new TableEntity("p", "r");

        JsonChunks.Write(entity, json);

        Assert.Equal(json, JsonChunks.Read(entity));
        Assert.All(Enumerable.Range(0, entity.GetInt32("JsonChunks")!.Value), i =>
        {
            var chunk = entity.GetString("Json" + i);
            Assert.True(chunk.Length <= JsonChunks.ChunkLength);
            Assert.False(char.IsHighSurrogate(chunk[^1]));
        });
    }

    [Fact]
    public void Json_TooLargeForOneEntity_IsRefused() =>
        Assert.Throws<ArgumentException>(() =>
            JsonChunks.Write(new TableEntity("p", "r"), new string('x', JsonChunks.ChunkLength * JsonChunks.MaxChunks + 1)));
}
