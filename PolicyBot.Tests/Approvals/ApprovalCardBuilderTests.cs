using static PolicyBot.Tests.Infrastructure.JsonTree;
using PolicyBot.Tests.Infrastructure;
using PolicyBot.Dialogs.SiteApplication;
using System.Text.Json.Nodes;
using PolicyBot.Dialogs;
using PolicyBot.Dialogs.Approvals;

namespace PolicyBot.Tests.Approvals;

/// <summary>The JSON of the approval cards: verbs, fallbacks, refresh, and escaping of everything people typed.</summary>
public sealed class ApprovalCardBuilderTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private readonly ApprovalCardBuilder _cards = new(new PolicyBotSettings(), new ApprovalOptions { TimeZone = "UTC", SchoolLogoUrl = "https://school.example/logo.png" });

    [Fact]
    public void TheRequestCard_HasThreeExecuteVerbs_EachWithASubmitFallback_AndRefreshesForTheCurrentApproverOnly()
    {
        var card = _cards.RequestCard(Request(), [], approverTeamsId: "29:manager").ToJson();

        Assert.Equal("1.5", card["version"]!.GetValue<string>());
        var actions = card["actions"]!.AsArray();
        Assert.Equal([ApprovalVerbs.Approve, ApprovalVerbs.RequestChanges, ApprovalVerbs.Reject], actions.Select(a => a!["verb"]!.GetValue<string>()));
        Assert.All(actions, a =>
        {
            Assert.Equal("Action.Execute", a!["type"]!.GetValue<string>());
            Assert.Equal("request-1", a["data"]!["requestId"]!.GetValue<string>());
            Assert.Equal("Action.Submit", a["fallback"]!["type"]!.GetValue<string>());
            Assert.Equal(a["verb"]!.GetValue<string>(), a["fallback"]!["data"]![ApprovalVerbs.SubmitVerbKey]!.GetValue<string>());
        });
        Assert.Equal("Action.Execute", card["refresh"]!["action"]!["type"]!.GetValue<string>());
        Assert.Equal("refresh", card["refresh"]!["action"]!["verb"]!.GetValue<string>());
        Assert.Equal(["manager-1", "29:manager"], card["refresh"]!["userIds"]!.AsArray().Select(u => u!.GetValue<string>()));
        Assert.Contains(Inputs(card), i => i["id"]!.GetValue<string>() == ApprovalVerbs.CommentKey);
        Assert.Contains("https://school.example/logo.png", card.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheStatusCard_HasNoButtons_AndNamesWhoMustDecide()
    {
        var card = _cards.StatusCard(Request() with { Status = ApprovalStatus.AwaitingHeadteacher }, []).ToJson();

        Assert.Null(card["actions"]);
        Assert.Empty(Inputs(card));
        Assert.Contains("Waiting for Dr Head (headteacher)", card.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(["head-1"], card["refresh"]!["userIds"]!.AsArray().Select(u => u!.GetValue<string>()));
    }

    [Fact]
    public void TheOutcomeCard_SaysDecisionWhoWhenAndComment_WithNoButtonsAndNoRefreshOnceDecided()
    {
        var decided = Request() with { Status = ApprovalStatus.Rejected };
        var decision = new ApprovalDecision("request-1", ApprovalStage.LineManager, "manager-1", "Mr Manager", DecisionKind.Rejected, "Too risky", At, "k");

        var json = _cards.OutcomeCard(decided, decision, [decision]).ToJson();

        Assert.Null(json["actions"]);
        Assert.Null(json["refresh"]);
        var text = json.ToJsonString();
        Assert.Contains("Rejected by Mr Manager on 23 Nov 2026 09:00", text, StringComparison.Ordinal);
        Assert.Contains("Too risky", text, StringComparison.Ordinal);
    }

    [Fact]
    public void EverythingPeopleTyped_IsEscaped_SoMarkdownAndMentionsShowLiterally()
    {
        var request = Request() with
        {
            Title = "[Click me](https://evil.example) *now*",
            Requester = new StaffMember("teacher-1", "<at>Everyone</at>"),
            Application = SampleApplications.ToJson(SampleApplications.GeographyInstagram() with { AimsAndReason = "# Heading\n- list" }),
        };
        var decision = new ApprovalDecision("request-1", ApprovalStage.LineManager, "manager-1", "_Mr_ Manager", DecisionKind.ChangesRequested, "See [this](https://x.example)", At, "k");

        var texts = string.Join("\n", AllText(_cards.RequestCard(request, [decision]).ToJson()));

        Assert.DoesNotContain("[Click me](", texts, StringComparison.Ordinal);
        Assert.Contains(@"\[Click me\]\(https://evil\.example\) \*now\*", texts, StringComparison.Ordinal);
        Assert.Contains(@"\<at\>Everyone\</at\>", texts, StringComparison.Ordinal);
        Assert.Contains(@"\# Heading", texts, StringComparison.Ordinal);
        Assert.Contains(@"\_Mr\_ Manager", texts, StringComparison.Ordinal);
        Assert.Contains(@"See \[this\]\(https://x\.example\)", texts, StringComparison.Ordinal);
    }

    [Fact]
    public void TheRegisterCsv_QuotesCells_AndDefusesSpreadsheetFormulas()
    {
        var site = Request() with
        {
            Status = ApprovalStatus.Approved,
            Title = "Sport, \"Fixtures\"",
            Application = SampleApplications.ToJson(SampleApplications.GeographyInstagram() with
            {
                Administrators = [new FormPerson("a1", "A One"), new FormPerson("b2", "B Two")],
                Moderators = [new FormPerson("x", "=HYPERLINK(\"x\")")],
            }),
        };

        var csv = SiteRegister.ToCsv([site, Request()]);

        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal("request-1,\"Sport, \"\"Fixtures\"\"\",Ms Teacher,\"A One, B Two\",\"'=HYPERLINK(\"\"x\"\")\",Third party: Instagram,2027-07-20,2026-11-23", lines[1]);
    }

    private static ApprovalRequest Request() => new()
    {
        Id = "request-1",
        Requester = new StaffMember("teacher-1", "Ms Teacher", JobTitle: "Geography Teacher"),
        LineManager = new StaffMember("manager-1", "Mr Manager"),
        Headteacher = new StaffMember("head-1", "Dr Head"),
        Status = ApprovalStatus.AwaitingLineManager,
        Application = SampleApplications.ToJson(SampleApplications.GeographyInstagram()),
        Title = "Geography Instagram",
        ClosureDate = new DateOnly(2027, 7, 20),
        CreatedAt = At,
        UpdatedAt = At,
    };

    private static IEnumerable<JsonObject> Inputs(JsonNode node) =>
        Descendants(node).Where(o => o["type"]?.GetValue<string>()?.StartsWith("Input.", StringComparison.Ordinal) == true);

    private static IEnumerable<string> AllText(JsonNode node) =>
        Descendants(node).SelectMany(o => new[] { o["text"], o["value"], o["title"] }).OfType<JsonValue>().Select(v => v.ToString());
}
