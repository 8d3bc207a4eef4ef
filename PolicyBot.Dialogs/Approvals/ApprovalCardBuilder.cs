using System.Globalization;
using System.Text.Json.Nodes;
using PolicyBot.Dialogs.Cards;

namespace PolicyBot.Dialogs.Approvals;

/// <summary>
/// The approval cards (Adaptive Card 1.5, Universal Actions): the request card the current approver acts on, the
/// read-only status everyone else sees, and the outcome that replaces the card after a decision. Every piece of text a
/// person typed (names, answers, comments) goes through <see cref="CardText.Escape"/>.
/// </summary>
public sealed partial class ApprovalCardBuilder(PolicyBotSettings settings, ApprovalOptions options)
{
    public const string CommentInputId = ApprovalVerbs.CommentKey;
    public const string FullAnswersId = "fullAnswers";

    /// <summary>The card this viewer should see now: the buttons for the approver the request awaits, else the status.</summary>
    public AdaptiveCard ForViewer(ApprovalRequest request, IReadOnlyList<ApprovalDecision> decisions, string? viewerId, string? viewerTeamsId = null) =>
        viewerId is not null && viewerId == request.CurrentApproverId
            ? RequestCard(request, decisions, viewerTeamsId)
            : StatusCard(request, decisions);

    /// <summary>The request as its current approver sees it: key facts, the full answers one tap away, a comment box
    /// and the three decisions, each an Action.Execute with an Action.Submit fallback carrying the same data.</summary>
    public AdaptiveCard RequestCard(ApprovalRequest request, IReadOnlyList<ApprovalDecision> decisions, string? approverTeamsId = null, string? note = null)
    {
        var headline = new TextBlock(AskText(request, ApprovalWorkflow.CurrentStage(request))) { Weight = TextWeight.Bolder };
        var body = Details(request, decisions, headline, note);
        body.Add(new TextInput(CommentInputId)
        {
            Label = "Comment (needed to reject or to ask for changes)",
            IsMultiline = true,
            MaxLength = 2000,
            Placeholder = "Anything the applicant should know",
        });
        return new AdaptiveCard
        {
            FallbackText = $"Approval needed: {CardText.EscapeShort(request.Title, 80)}",
            Body = body,
            Actions =
            [
                Decision("Approve", ApprovalVerbs.Approve, request, "positive"),
                Decision("Request changes", ApprovalVerbs.RequestChanges, request, null),
                Decision("Reject", ApprovalVerbs.Reject, request, "destructive"),
            ],
            Refresh = RefreshFor(request, approverTeamsId),
        };
    }

    /// <summary>Read-only: where the request stands, who must decide now, and the decisions so far. No buttons.</summary>
    public AdaptiveCard StatusCard(ApprovalRequest request, IReadOnlyList<ApprovalDecision> decisions, string? note = null)
    {
        var headline = new TextBlock(StatusText(request, decisions)) { Weight = TextWeight.Bolder, Color = StatusColor(request.Status) };
        var body = Details(request, decisions, headline, note);
        return new AdaptiveCard
        {
            FallbackText = $"{CardText.EscapeShort(request.Title, 80)}: {StatusLabel(request.Status)}",
            Body = body,
            Refresh = RefreshFor(request, approverTeamsId: null),
        };
    }

    /// <summary>What replaces the approver's card after their decision: decision, who, when, comment; no buttons.</summary>
    public AdaptiveCard OutcomeCard(ApprovalRequest request, ApprovalDecision decision, IReadOnlyList<ApprovalDecision> decisions)
    {
        var outcome = $"{DecisionLabel(decision.Decision)} by {CardText.Escape(decision.ApproverName)} on {When(decision.DecidedAt)}";
        var comment = decision.Comment is null ? null : $"Comment: {CardText.Escape(decision.Comment)}";
        return StatusCard(request, decisions, note: comment is null ? outcome : $"{outcome}. {comment}");
    }

    /// <summary>Header, headline, note, key facts, the hidden full answers and this revision's decisions.</summary>
    private List<CardElement> Details(ApprovalRequest request, IReadOnlyList<ApprovalDecision> decisions, TextBlock headline, string? note)
    {
        var body = new List<CardElement>(Header(request)) { headline };
        if (note is not null)
        {
            body.Add(new TextBlock(note) { Color = TextColor.Attention });
        }
        body.Add(KeyFacts(request));
        body.AddRange(FullAnswers(request));
        if (decisions.Where(d => d.Revision == request.Revision).ToList() is { Count: > 0 } log)
        {
            body.Add(DecisionLog(log));
        }
        return body;
    }

    private IEnumerable<CardElement> Header(ApprovalRequest request)
    {
        var heading = new List<CardElement>
        {
            new TextBlock(CardText.Escape(settings.SchoolName)) { IsSubtle = true, Size = TextSize.Small, Spacing = Spacing.None },
            new TextBlock($"Social media site request: {CardText.EscapeShort(request.Title, 120)}") { Weight = TextWeight.Bolder, Size = TextSize.Medium },
        };
        if (string.IsNullOrWhiteSpace(options.SchoolLogoUrl))
        {
            return heading;
        }
        return
        [
            new ColumnSet(
            [
                new Column([new Image(options.SchoolLogoUrl) { AltText = $"{settings.SchoolName} logo", Size = "small" }]) { Width = "auto" },
                new Column(heading) { Width = "stretch" },
            ]),
        ];
    }

    private FactSet KeyFacts(ApprovalRequest request)
    {
        var answers = new ApplicationAnswers(request.Application);
        var facts = new List<Fact>
        {
            new("Applicant", CardText.Escape(Describe(request.Requester))),
            new("Reference", CardText.Escape(request.Id)),
        };
        AddFact(facts, "Department", answers.Department);
        AddFact(facts, "Audience", answers.Audience);
        AddFact(facts, "Contributors", answers.Contributors);
        AddFact(facts, "Hosted by", answers.Host);
        AddFact(facts, "Goes live", answers.GoLiveDate);
        AddFact(facts, "Closes", request.ClosureDate?.ToString("d MMM yyyy", CultureInfo.InvariantCulture) ?? answers.ClosureDate);
        facts.Add(new Fact("Line manager", CardText.Escape(request.LineManager.DisplayName)));
        facts.Add(new Fact("Headteacher", CardText.Escape(request.Headteacher.DisplayName)));
        if (request.Revision > 0)
        {
            facts.Add(new Fact("Revision", (request.Revision + 1).ToString(CultureInfo.InvariantCulture)));
        }
        return new FactSet(facts);
    }

    /// <summary>Every answer of the form, hidden until "Show full answers" is tapped.</summary>
    private static IEnumerable<CardElement> FullAnswers(ApprovalRequest request)
    {
        var answers = new ApplicationAnswers(request.Application).All();
        if (answers.Count == 0)
        {
            yield break;
        }
        yield return new ActionSet([new ToggleVisibilityAction("Show full answers", [FullAnswersId])]);
        yield return new Container(answers.SelectMany(a => new CardElement[]
        {
            new TextBlock(CardText.Escape(a.Label)) { Weight = TextWeight.Bolder, Spacing = Spacing.Small },
            new TextBlock(CardText.Escape(a.Answer)) { Spacing = Spacing.None },
        }).ToList())
        {
            Id = FullAnswersId,
            IsVisible = false,
        };
    }

    private Container DecisionLog(IReadOnlyList<ApprovalDecision> decisions) =>
        new(
        [
            new TextBlock("Decisions") { Weight = TextWeight.Bolder },
            new FactSet(decisions.Select(d => new Fact(
                $"{StageLabel(d)}, {When(d.DecidedAt)}",
                $"{DecisionLabel(d.Decision)} by {CardText.Escape(d.ApproverName)}{(d.Comment is null ? "" : $": {CardText.Escape(d.Comment)}")}")).ToList()),
        ])
        {
            Separator = true,
        };

    private static ExecuteAction Decision(string title, string verb, ApprovalRequest request, string? style)
    {
        var data = new JsonObject { [ApprovalVerbs.RequestIdKey] = request.Id, [ApprovalVerbs.RevisionKey] = request.Revision };
        var submitData = data.DeepClone().AsObject();
        submitData[ApprovalVerbs.SubmitVerbKey] = verb;
        return new ExecuteAction(title, verb)
        {
            Style = style,
            Data = data,
            AssociatedInputs = "auto",
            Fallback = new SubmitAction(title) { Style = style, Data = submitData, AssociatedInputs = "auto" },
        };
    }

    /// <summary>Universal Actions' refresh for the approver the request awaits (Entra object id, and the Teams user id
    /// when known); nothing to refresh once nobody must act.</summary>
    private static CardRefresh? RefreshFor(ApprovalRequest request, string? approverTeamsId)
    {
        if (request.CurrentApproverId is not { } approverId)
        {
            return null;
        }
        var userIds = approverTeamsId is { Length: > 0 } && approverTeamsId != approverId ? new[] { approverId, approverTeamsId } : [approverId];
        return new CardRefresh(
            new ExecuteAction("Refresh", ApprovalVerbs.Refresh) { Data = new JsonObject { [ApprovalVerbs.RequestIdKey] = request.Id } },
            userIds);
    }

    private static string AskText(ApprovalRequest request, ApprovalStage? stage) => stage switch
    {
        ApprovalStage.LineManager => $"{CardText.Escape(request.Requester.DisplayName)} asks you, as line manager, to approve the aims and content of this site.",
        ApprovalStage.Headteacher when ApprovalWorkflow.CoversBothStages(request) =>
            $"{CardText.Escape(request.Requester.DisplayName)} asks for your approval. As line manager and headteacher, your decision covers both signatures.",
        _ => $"{CardText.Escape(request.Requester.DisplayName)} asks you, as headteacher, for final approval of this site.",
    };

    /// <summary>Where the request stands and what happens next, naming who must decide.</summary>
    public string StatusText(ApprovalRequest request, IReadOnlyList<ApprovalDecision> decisions)
    {
        var last = decisions.LastOrDefault(d => d.Revision == request.Revision);
        var by = last is null ? "" : $" by {CardText.Escape(last.ApproverName)} on {When(last.DecidedAt)}";
        return request.Status switch
        {
            ApprovalStatus.Submitted => "Submitted: on its way to the line manager.",
            ApprovalStatus.AwaitingLineManager => $"Waiting for {CardText.Escape(request.LineManager.DisplayName)} (line manager) to approve the aims and content.",
            ApprovalStatus.AwaitingHeadteacher when ApprovalWorkflow.CoversBothStages(request) =>
                $"Waiting for {CardText.Escape(request.Headteacher.DisplayName)} (headteacher), whose decision covers both signatures.",
            ApprovalStatus.AwaitingHeadteacher => $"Waiting for {CardText.Escape(request.Headteacher.DisplayName)} (headteacher) to give final approval.",
            ApprovalStatus.Approved => $"Approved{by}.",
            ApprovalStatus.Rejected => $"Rejected{by}.",
            ApprovalStatus.ChangesRequested => $"Changes requested{by}.",
            ApprovalStatus.Withdrawn => $"Withdrawn by the applicant{(last is null ? "" : $" on {When(last.DecidedAt)}")}.",
            _ => StatusLabel(request.Status),
        };
    }

    public static string StatusLabel(ApprovalStatus status) => status switch
    {
        ApprovalStatus.Submitted => "Submitted",
        ApprovalStatus.AwaitingLineManager => "Awaiting line manager",
        ApprovalStatus.AwaitingHeadteacher => "Awaiting headteacher",
        ApprovalStatus.Approved => "Approved",
        ApprovalStatus.Rejected => "Rejected",
        ApprovalStatus.ChangesRequested => "Changes requested",
        ApprovalStatus.Withdrawn => "Withdrawn",
        _ => status.ToString(),
    };

    public static string DecisionLabel(DecisionKind decision) => decision switch
    {
        DecisionKind.Approved => "Approved",
        DecisionKind.Rejected => "Rejected",
        DecisionKind.ChangesRequested => "Changes requested",
        DecisionKind.Withdrawn => "Withdrawn",
        _ => decision.ToString(),
    };

    private static string StageLabel(ApprovalDecision decision) => decision switch
    {
        { Decision: DecisionKind.Withdrawn } => "Applicant",
        { CoversBothStages: true } => "Line manager and headteacher",
        { Stage: ApprovalStage.LineManager } => "Line manager",
        _ => "Headteacher",
    };

    private static TextColor StatusColor(ApprovalStatus status) => status switch
    {
        ApprovalStatus.Approved => TextColor.Good,
        ApprovalStatus.Rejected => TextColor.Attention,
        ApprovalStatus.ChangesRequested => TextColor.Warning,
        _ => TextColor.Default,
    };

    /// <summary>A time as the school reads it, e.g. "25 Nov 2026 14:05".</summary>
    public string When(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, options.GetTimeZone()).ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture);

    private static string Describe(StaffMember person) =>
        person.JobTitle is { Length: > 0 } title ? $"{person.DisplayName}, {title}" : person.DisplayName;

    private static void AddFact(List<Fact> facts, string title, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            facts.Add(new Fact(title, CardText.EscapeShort(value, 300)));
        }
    }
}
