using System.Text;
using Xunit.Abstractions;
using PolicyBot.Tests.Shipping;

namespace PolicyBot.Tests.Cards;

/// <summary>
/// Every card of <see cref="CardCatalogue"/> rendered in Chromium by the official adaptivecards renderer, with one browser
/// for all of them: no parse or validation event, no console warning, HTML and a screenshot (TestResults/cards/).
/// </summary>
public sealed class EveryCardRendersTests(AdaptiveCardRenderer renderer, ITestOutputHelper output) : IClassFixture<AdaptiveCardRenderer>
{
    /// <summary>Teams refuses a message over about 28 KB, and the card is nearly all of a card message.</summary>
    private const int TeamsCardLimitBytes = 28 * 1024;

    [Theory]
    [MemberData(nameof(CardCatalogue.TheoryNames), MemberType = typeof(CardCatalogue))]
    public async Task TheCard_RendersCleanly_InTheOfficialRenderer(string name)
    {
        var result = await renderer.RenderAsync(CardCatalogue.Card(name).ToJson().ToJsonString(), name);

        Assert.True(result.IsClean, $"{name}:\n{result}");
        Assert.True(File.Exists(result.ScreenshotPath), $"{name}: no screenshot");
        Assert.All(result.BlockedRequests, url => Assert.Equal(CardCatalogue.LogoUrl, url));
        // No card of the bot has a link or a script, so any there came from someone's text.
        Assert.DoesNotContain("<a ", result.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", result.Html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("summary-third-party-all-sections")]
    [InlineData("approval-request-line-manager")]
    [InlineData("approval-outcome-Rejected")]
    [InlineData("notice-approved")]
    public async Task WhatPeopleTyped_ShowsLiterally(string name)
    {
        var result = await renderer.RenderAsync(CardCatalogue.Card(name).ToJson().ToJsonString());

        Assert.True(result.Rendered, result.ToString());
        Assert.All(CardCatalogue.Hostile.Fragments, fragment => Assert.Contains(fragment, result.Text, StringComparison.Ordinal));
        Assert.DoesNotContain("<a ", result.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<at>", result.Html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ALongAnswer_ShowsWhole_InTheSummary()
    {
        var result = await renderer.RenderAsync(CardCatalogue.Card("summary-third-party-all-sections").ToJson().ToJsonString());

        Assert.Contains(CardCatalogue.Hostile.Long, result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryCard_FitsTeamsMessageLimit_TheLargestRealisticFormIncluded()
    {
        var sizes = CardCatalogue.Names.ToDictionary(n => n, n => Encoding.UTF8.GetByteCount(CardCatalogue.Card(n).ToJson().ToJsonString()));
        var (largest, bytes) = sizes.MaxBy(s => s.Value);
        foreach (var (name, size) in sizes.OrderByDescending(s => s.Value).Take(3))
        {
            output.WriteLine($"{name}: {size:N0} bytes");
        }

        Assert.True(bytes <= TeamsCardLimitBytes, $"{largest} is {bytes:N0} bytes; Teams allows {TeamsCardLimitBytes:N0}");
        Assert.StartsWith("approval-request-largest", largest, StringComparison.Ordinal);
    }
}
