using System.Globalization;
using System.Text.Json.Nodes;
using PolicyBot.Dialogs.Cards;

namespace PolicyBot.Dialogs.Approvals;

/// <summary>The cards of the chat commands "my requests", "pending approvals" and "site register".</summary>
public sealed partial class ApprovalCardBuilder
{
    /// <summary>Command a button sends to show one request's card (for approvers listing what waits for them).</summary>
    public const string ReviewCommand = "review request";

    /// <summary>Command a button sends to reopen an application whose approver asked for changes (the form handles it).</summary>
    public const string EditCommand = "edit application";

    public const string RegisterCsvInputId = "registerCsv";

    public AdaptiveCard MyRequestsCard(IReadOnlyList<ApprovalRequest> requests)
    {
        var body = new List<CardElement> { new TextBlock("Your requests") { Weight = TextWeight.Bolder, Size = TextSize.Medium } };
        if (requests.Count == 0)
        {
            body.Add(new TextBlock("You have no applications yet. Type \"apply for a site\" to start one."));
        }
        foreach (var request in requests.OrderByDescending(r => r.UpdatedAt))
        {
            var items = new List<CardElement>
            {
                new TextBlock(CardText.EscapeShort(request.Title, 120)) { Weight = TextWeight.Bolder },
                new TextBlock(StatusText(request, [])) { Spacing = Spacing.None, IsSubtle = true },
                new FactSet([new Fact("Reference", CardText.Escape(request.Id)), new Fact("Updated", When(request.UpdatedAt))]),
            };
            var actions = new List<CardAction>();
            if (request.Status == ApprovalStatus.ChangesRequested)
            {
                actions.Add(new SubmitAction("Edit and resubmit") { Data = new JsonObject { ["command"] = EditCommand, [ApprovalVerbs.RequestIdKey] = request.Id } });
            }
            if (ApprovalWorkflow.IsPending(request.Status) || request.Status == ApprovalStatus.ChangesRequested)
            {
                var data = new JsonObject { [ApprovalVerbs.RequestIdKey] = request.Id };
                var submitData = new JsonObject { [ApprovalVerbs.RequestIdKey] = request.Id, [ApprovalVerbs.SubmitVerbKey] = ApprovalVerbs.Withdraw };
                actions.Add(new ExecuteAction("Withdraw", ApprovalVerbs.Withdraw)
                {
                    Style = "destructive",
                    Data = data,
                    Fallback = new SubmitAction("Withdraw") { Style = "destructive", Data = submitData },
                });
            }
            if (actions.Count > 0)
            {
                items.Add(new ActionSet(actions));
            }
            body.Add(new Container(items) { Separator = true });
        }
        return new AdaptiveCard { FallbackText = "Your requests", Body = body };
    }

    public AdaptiveCard PendingApprovalsCard(IReadOnlyList<ApprovalRequest> requests)
    {
        var body = new List<CardElement> { new TextBlock("Waiting for your decision") { Weight = TextWeight.Bolder, Size = TextSize.Medium } };
        if (requests.Count == 0)
        {
            body.Add(new TextBlock("Nothing is waiting for you."));
        }
        foreach (var request in requests.OrderBy(r => r.UpdatedAt))
        {
            body.Add(new Container(
            [
                new TextBlock(CardText.EscapeShort(request.Title, 120)) { Weight = TextWeight.Bolder },
                new TextBlock($"From {CardText.Escape(request.Requester.DisplayName)}, waiting since {When(request.UpdatedAt)}") { Spacing = Spacing.None, IsSubtle = true },
                new ActionSet([new SubmitAction("Review") { Data = new JsonObject { ["command"] = ReviewCommand, [ApprovalVerbs.RequestIdKey] = request.Id } }]),
            ])
            {
                Separator = true,
            });
        }
        return new AdaptiveCard { FallbackText = "Waiting for your decision", Body = body };
    }

    /// <summary>
    /// The register of approved sites for the headteacher, with a CSV copy for governors in a text box: a bot in a
    /// personal chat cannot attach a file without the file-consent flow (supportsFiles and the user's OneDrive), and
    /// Teams does not render text/csv data-URI attachments, but any client lets the reader select and copy a text box.
    /// </summary>
    public AdaptiveCard SiteRegisterCard(IReadOnlyList<ApprovalRequest> approved)
    {
        var body = new List<CardElement>
        {
            new TextBlock("Register of approved social media sites") { Weight = TextWeight.Bolder, Size = TextSize.Medium },
        };
        if (approved.Count == 0)
        {
            body.Add(new TextBlock("No site has been approved yet."));
        }
        foreach (var site in SiteRegister.Rows(approved))
        {
            body.Add(new Container(
            [
                new TextBlock(CardText.EscapeShort(site.Site, 120)) { Weight = TextWeight.Bolder },
                new FactSet(
                [
                    new Fact("Owner", CardText.Escape(site.Owner)),
                    new Fact("Administrators", CardText.Escape(site.Administrators)),
                    new Fact("Moderators", CardText.Escape(site.Moderators)),
                    new Fact("Hosted by", CardText.Escape(site.Host)),
                    new Fact("Closes", CardText.Escape(site.ClosureDate)),
                    new Fact("Reference", CardText.Escape(site.Reference)),
                ]),
            ])
            {
                Separator = true,
            });
        }
        if (approved.Count > 0)
        {
            body.Add(new ActionSet([new ToggleVisibilityAction("Show CSV for governors", [RegisterCsvInputId + "Box"])]));
            body.Add(new Container(
            [
                // An input's value is shown literally (no markdown), so the CSV is not escaped for the card.
                new TextInput(RegisterCsvInputId) { Label = "Select all and copy into a .csv file", IsMultiline = true, Value = SiteRegister.ToCsv(approved) },
            ])
            {
                Id = RegisterCsvInputId + "Box",
                IsVisible = false,
            });
        }
        return new AdaptiveCard
        {
            FallbackText = $"Register of approved sites: {approved.Count.ToString(CultureInfo.InvariantCulture)}",
            Body = body,
        };
    }

    /// <summary>A plain message card, e.g. "only the headteacher can see the register".</summary>
    public static AdaptiveCard Message(string text) => new() { FallbackText = text, Body = [new TextBlock(text)] };
}
