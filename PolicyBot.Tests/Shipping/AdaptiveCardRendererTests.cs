namespace PolicyBot.Tests.Shipping;

/// <summary>The render harness itself: it passes a good Teams card and catches bad ones.</summary>
public sealed class AdaptiveCardRendererTests(AdaptiveCardRenderer renderer) : IClassFixture<AdaptiveCardRenderer>
{
    private const string ApprovalCard = """
        {
          "type": "AdaptiveCard",
          "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
          "version": "1.5",
          "refresh": {
            "action": { "type": "Action.Execute", "verb": "refreshApproval", "data": { "requestId": "r-1" } },
            "userIds": []
          },
          "body": [
            { "type": "TextBlock", "text": "Site approval request", "weight": "Bolder", "size": "Medium", "wrap": true },
            { "type": "FactSet", "facts": [
                { "title": "Site", "value": "Year 11 revision page" },
                { "title": "Requested by", "value": "A. Teacher" },
                { "title": "Audience", "value": "Pupils and parents" } ] },
            { "type": "Container", "id": "details", "isVisible": false, "items": [
                { "type": "TextBlock", "text": "Two administrators are named, as Appendix B requires.", "wrap": true } ] },
            { "type": "Input.ChoiceSet", "id": "decision", "label": "Decision", "isRequired": true,
              "errorMessage": "Choose a decision", "style": "expanded",
              "choices": [ { "title": "Approve", "value": "approve" }, { "title": "Reject", "value": "reject" } ] },
            { "type": "Input.Text", "id": "comment", "label": "Comment", "isMultiline": true, "maxLength": 500 }
          ],
          "actions": [
            { "type": "Action.Execute", "title": "Submit", "verb": "decide", "data": { "requestId": "r-1" } },
            { "type": "Action.ToggleVisibility", "title": "Details", "targetElements": [ "details" ] }
          ]
        }
        """;

    [Fact]
    public async Task ValidTeamsCard_RendersCleanly()
    {
        var result = await renderer.RenderAsync(ApprovalCard, "harness-approval-card");

        Assert.True(result.IsClean, result.ToString());
        Assert.Contains("Year 11 revision page", result.Html, StringComparison.Ordinal);
        Assert.Contains("Submit", result.Html, StringComparison.Ordinal);
        Assert.Empty(result.BlockedRequests);
        Assert.True(File.Exists(result.ScreenshotPath));
    }

    [Fact]
    public async Task Markdown_IsRendered_SoALinkInUnescapedTextWouldShowAsALink()
    {
        const string card = """
            { "type": "AdaptiveCard", "version": "1.5",
              "body": [ { "type": "TextBlock", "text": "[x](http://evil) and \\[y\\](http://evil)" } ] }
            """;

        var result = await renderer.RenderAsync(card);

        Assert.True(result.IsClean, result.ToString());
        Assert.Matches("<a [^>]*href=\"http://evil\"", result.Html);
        Assert.Contains("[y](http://evil)", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownElementType_IsReported()
    {
        const string card = """
            { "type": "AdaptiveCard", "version": "1.5",
              "body": [ { "type": "TextBlock", "text": "Hello" }, { "type": "Fancy.Widget", "text": "?" } ] }
            """;

        var result = await renderer.RenderAsync(card);

        Assert.False(result.IsClean);
        Assert.Contains(result.Issues, i => i.Event == "UnknownElementType");
    }

    [Fact]
    public async Task UnsupportedCardVersion_IsReported()
    {
        const string card = """{ "type": "AdaptiveCard", "version": "9.0", "body": [ { "type": "TextBlock", "text": "Hello" } ] }""";

        var result = await renderer.RenderAsync(card);

        Assert.False(result.IsClean);
        Assert.Contains(result.Issues, i => i.Event == "UnsupportedCardVersion");
    }

    [Fact]
    public async Task PropertyNewerThanTeamsVersion_IsReported()
    {
        // "labelPosition" arrived in schema 1.6, which Teams does not render.
        const string card = """
            { "type": "AdaptiveCard", "version": "1.5",
              "body": [ { "type": "Input.Text", "id": "name", "label": "Name", "labelPosition": "inline" } ] }
            """;

        var result = await renderer.RenderAsync(card);

        Assert.Contains(result.Issues, i => i.Event == "UnsupportedProperty");
    }

    [Fact]
    public async Task ExternalImage_IsBlockedNotFetched()
    {
        const string card = """
            { "type": "AdaptiveCard", "version": "1.5",
              "body": [ { "type": "Image", "url": "https://example.org/logo.png", "altText": "logo" } ] }
            """;

        var result = await renderer.RenderAsync(card);

        Assert.True(result.Rendered, result.ToString());
        Assert.Equal(["https://example.org/logo.png"], result.BlockedRequests);
    }
}
