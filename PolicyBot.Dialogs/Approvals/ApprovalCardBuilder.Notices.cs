using System.Globalization;
using PolicyBot.Dialogs.Cards;

namespace PolicyBot.Dialogs.Approvals;

/// <summary>The messages that keep people informed: each says what happened and what happens next.</summary>
public sealed partial class ApprovalCardBuilder
{
    /// <summary>A short card about a request: a headline and lines that are already escaped (or are the bot's own words).</summary>
    public AdaptiveCard Notice(ApprovalRequest request, string headline, IReadOnlyList<string> lines) => new()
    {
        FallbackText = headline,
        Body =
        [
            .. Header(request),
            new TextBlock(headline) { Weight = TextWeight.Bolder },
            .. lines.Select(line => new TextBlock(line)),
            new FactSet([new Fact("Reference", CardText.Escape(request.Id))]),
        ],
    };

    /// <summary>To the applicant when a stage starts: who has it now, and what comes after.</summary>
    public AdaptiveCard WithApproverNotice(ApprovalRequest request, ApprovalDecision? previous)
    {
        var lines = new List<string>();
        if (previous is not null)
        {
            lines.Add($"{CardText.Escape(previous.ApproverName)} approved the aims and content as your line manager.");
        }
        lines.Add(NextStepText(request));
        var headline = request.Revision > 0 && previous is null
            ? "Your changed application is back with your line manager."
            : "Your application is on its way.";
        return Notice(request, headline, lines);
    }

    /// <summary>To the applicant when their site is approved: the reference and the duties that now apply.</summary>
    public AdaptiveCard ApprovedNotice(ApprovalRequest request, ApprovalDecision decision)
    {
        var answers = new ApplicationAnswers(request.Application);
        var closure = request.ClosureDate?.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) ?? answers.ClosureDate;
        var lines = new List<string>
        {
            $"{CardText.Escape(decision.ApproverName)} gave final approval on {When(decision.DecidedAt)}{(decision.Comment is null ? "." : $": {CardText.Escape(decision.Comment)}")}",
            "What you must now do:",
            $"- Keep at least two approved administrators and two approved moderators, all school staff or governors (Appendix B, A.3.1). Administrators: {CardText.Escape(answers.Administrators ?? "not given")}. Moderators: {CardText.Escape(answers.Moderators ?? "not given")}.",
            "- Moderate all content and postings, remove anything offensive or risky at once and tell the appropriate authorities (A.5.3 to A.5.6).",
            "- Use the school logo only as the headteacher approved it, linking back to the school website (A.3.5, A.4.6).",
            "- Forward every media enquiry to the headteacher (A.3.7).",
            closure is null
                ? "- Agree a closure date with the headteacher: every site needs an exit plan (A.1.6)."
                : $"- Close the site on {CardText.Escape(closure)} as planned (A.1.6); I will remind you {options.ClosureReminderDaysBefore} days before and on the day.",
        };
        return Notice(request, "Your social media site is approved.", lines);
    }

    /// <summary>To the applicant after a rejection, a request for changes, or their own withdrawal.</summary>
    public AdaptiveCard OutcomeNotice(ApprovalRequest request, ApprovalDecision decision)
    {
        var comment = decision.Comment is null ? "" : $" Their comment: {CardText.Escape(decision.Comment)}";
        return decision.Decision switch
        {
            DecisionKind.Rejected => Notice(request, "Your application was not approved.",
            [
                $"{CardText.Escape(decision.ApproverName)} rejected it on {When(decision.DecidedAt)}.{comment}",
                "Next: talk to them if anything is unclear; you can apply again with a new application.",
            ]),
            DecisionKind.ChangesRequested => Notice(request, "Changes were requested to your application.",
            [
                $"{CardText.Escape(decision.ApproverName)} asked for changes on {When(decision.DecidedAt)}.{comment}",
                "Next: type \"my requests\", choose Edit and resubmit, and your changed application goes back to your line manager.",
            ]),
            _ => Notice(request, "Your application is withdrawn.", ["Nobody will be asked to decide on it any more."]),
        };
    }

    /// <summary>To an approver who decided earlier, when the request reaches its outcome.</summary>
    public AdaptiveCard ForInformationNotice(ApprovalRequest request, IReadOnlyList<ApprovalDecision> decisions) =>
        Notice(request, StatusText(request, decisions), ["For your information: you approved this request as line manager."]);

    /// <summary>To the headteacher when a line manager has not decided for too long.</summary>
    public AdaptiveCard EscalationNotice(ApprovalRequest request, int schoolDays) =>
        Notice(request, "An application is waiting for its line manager.",
        [
            $"{CardText.Escape(request.LineManager.DisplayName)} has not decided on {CardText.Escape(request.Requester.DisplayName)}'s application for {schoolDays} school days.",
            "You may wish to follow this up; the request stays with the line manager until they decide.",
        ]);

    /// <summary>To the owner of an approved site before and on its closure date (A.1.6).</summary>
    public AdaptiveCard ClosureNotice(ApprovalRequest request, DateOnly closureDate, bool onTheDay) =>
        Notice(request, onTheDay ? "Your social media site is due to close today." : "Your social media site is due to close soon.",
        [
            $"The approved closure date is {closureDate.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)} (A.1.6: every site needs an exit plan, and must not be left neglected).",
            "Close the site, or agree a new date with the headteacher and apply again.",
        ]);

    /// <summary>To the applicant when the bot cannot reach an approver because the app is not installed for them.</summary>
    public AdaptiveCard InstallNeededNotice(ApprovalRequest request, string approverName) =>
        Notice(request, "I can't reach one of your approvers yet.",
        [
            $"{CardText.Escape(approverName)} does not have PolicyBot installed in Teams, and I am not allowed to install it for them.",
            $"Ask {CardText.Escape(approverName)} to add PolicyBot in Teams (Apps, search PolicyBot, Add), or ask IT to install it for them. Their card will arrive as soon as it is installed.",
        ]);

    private string NextStepText(ApprovalRequest request) => request.Status switch
    {
        ApprovalStatus.AwaitingLineManager =>
            $"It is with {CardText.Escape(request.LineManager.DisplayName)}, your line manager, who approves its aims and content. Next, {CardText.Escape(request.Headteacher.DisplayName)} (headteacher) gives final approval.",
        ApprovalStatus.AwaitingHeadteacher when ApprovalWorkflow.CoversBothStages(request) =>
            $"It is with {CardText.Escape(request.Headteacher.DisplayName)}, who as your line manager and headteacher gives both approvals in one decision.",
        ApprovalStatus.AwaitingHeadteacher =>
            $"It is now with {CardText.Escape(request.Headteacher.DisplayName)} (headteacher) for final approval.",
        _ => StatusText(request, []),
    };
}
