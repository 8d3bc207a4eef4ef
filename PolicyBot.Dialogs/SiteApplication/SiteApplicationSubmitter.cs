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

    /// <summary>An edited application after changes were requested; returns what to tell the applicant.</summary>
    Task<string> OnResubmittedAsync(ITurnContext turnContext, ApprovalRequest edited, CancellationToken cancellationToken);
}

public sealed class NoApplicationSubmittedHook : IApplicationSubmitted
{
    public Task OnSubmittedAsync(ITurnContext turnContext, Versioned<ApprovalRequest> request, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<string> OnResubmittedAsync(ITurnContext turnContext, ApprovalRequest edited, CancellationToken cancellationToken) =>
        Task.FromResult("Resubmitted.");
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

    /// <summary>Sends an edited application back into the workflow (after changes were requested); returns what to tell the applicant.</summary>
    public async Task<string> ResubmitAsync(ITurnContext turnContext, SiteApplicationForm form, string requestId, CancellationToken cancellationToken)
    {
        if (await approvals.GetAsync(requestId, cancellationToken) is not { } stored)
        {
            return "I can't find that application any more, so nothing was sent.";
        }
        var edited = stored.Value with
        {
            Application = ToJson(form),
            Title = TitleOf(form),
            ClosureDate = form.Closure,
            LineManager = form.LineManager is { } manager ? ToStaff(manager) : stored.Value.LineManager,
        };
        return await submitted.OnResubmittedAsync(turnContext, edited, cancellationToken);
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
