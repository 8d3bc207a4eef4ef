using System.Text.Json;
using System.Text.Json.Nodes;
using PolicyBot.BotFramework.Builder;
using PolicyBot.BotFramework.Schema;
using PolicyBot.Dialogs.Approvals;
using PolicyBot.Dialogs.Directory;
using PolicyBot.Dialogs.Storage;

namespace PolicyBot.Dialogs.SiteApplication;

/// <summary>
/// Told when an application has been submitted (status Submitted, saved). The approval workflow implements it to send
/// the line manager's card; the default does nothing.
/// </summary>
public interface IApplicationSubmitted
{
    Task OnSubmittedAsync(ITurnContext turnContext, Versioned<ApprovalRequest> request, CancellationToken cancellationToken);
}

public sealed class NoApplicationSubmittedHook : IApplicationSubmitted
{
    public Task OnSubmittedAsync(ITurnContext turnContext, Versioned<ApprovalRequest> request, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// Turns a completed form into an approval request in status Submitted and saves it. The request id is chosen before
/// the user presses Submit: a submit retried after a failed turn finds the request already saved and creates nothing twice.
/// </summary>
public sealed class SiteApplicationSubmitter(IApprovalStore approvals, IStaffDirectory directory, IApplicationSubmitted submitted, TimeProvider clock)
{
    public async Task<Versioned<ApprovalRequest>> SubmitAsync(ITurnContext turnContext, SiteApplicationForm form, string requestId, CancellationToken cancellationToken)
    {
        var saved = await approvals.GetAsync(requestId, cancellationToken) ?? await CreateAsync(turnContext, form, requestId, cancellationToken);
        await submitted.OnSubmittedAsync(turnContext, saved, cancellationToken);
        return saved;
    }

    private async Task<Versioned<ApprovalRequest>> CreateAsync(ITurnContext turnContext, SiteApplicationForm form, string requestId, CancellationToken cancellationToken)
    {
        var from = turnContext.Activity.From ?? new ChannelAccount();
        var headteacher = await directory.GetHeadteacherAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var request = new ApprovalRequest
        {
            Id = requestId,
            Requester = new StaffMember(from.AadObjectId ?? from.Id ?? string.Empty, from.Name ?? form.RequesterProfile?.DisplayName ?? string.Empty, form.RequesterProfile?.Email, form.RequesterProfile?.JobTitle),
            LineManager = ToStaff(form.LineManager ?? throw new InvalidOperationException("The form has no line manager.")),
            Headteacher = new StaffMember(headteacher.Id, headteacher.DisplayName, headteacher.Mail, headteacher.JobTitle),
            Status = ApprovalStatus.Submitted,
            Application = ToJson(form),
            Title = TitleOf(form),
            ClosureDate = form.Closure,
            CreatedAt = now,
            UpdatedAt = now,
        };
        return await approvals.SaveAsync(request, null, [], [], cancellationToken);
    }

    /// <summary>"Humanities Instagram site", "PE school-hosted site".</summary>
    public static string TitleOf(SiteApplicationForm form)
    {
        var host = form.IsThirdPartyHosted && !string.IsNullOrWhiteSpace(form.ThirdPartyHostName) ? form.ThirdPartyHostName.Trim() : "school-hosted";
        var title = $"{form.Department?.Trim()} {host} site".Trim();
        return title.Length <= 120 ? title : title[..119] + "…";
    }

    public static JsonObject ToJson(SiteApplicationForm form) =>
        JsonSerializer.SerializeToNode(form, BotJson.Options)!.AsObject();

    private static StaffMember ToStaff(FormPerson person) => new(person.Id, person.DisplayName, person.Email, person.JobTitle);
}
