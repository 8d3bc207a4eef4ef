using Microsoft.Extensions.DependencyInjection;
using PolicyBot.Dialogs.Approvals;
using PolicyBot.Dialogs.Storage;

namespace PolicyBot.Tests.EndToEnd;

/// <summary>
/// A teacher applies for a site by typing, her line manager and the headteacher approve from their cards, and
/// everyone is told — all over the bot's HTTP endpoint, as new users would.
/// </summary>
public sealed class ApplyAndApproveOverHttpTests : IAsyncLifetime
{
    private StaffJourney _school = null!;

    public async Task InitializeAsync() => _school = await StaffJourney.StartAsync();

    public async Task DisposeAsync() => await _school.DisposeAsync();

    /// <summary>Sam Taylor fills in the whole form by typed text, as on a phone between lessons.</summary>
    private async Task SamAppliesByTypingAsync()
    {
        var sam = _school.Sam;
        await _school.ExpectAsync(sam, "I'd like to set up an Instagram for my class", "Which department");
        await _school.ExpectAsync(sam, "yes", "Are you the author");
        await _school.ExpectAsync(sam, "yes", "Marcus Reid");
        await _school.ExpectAsync(sam, "yes", "Why do you want");
        await _school.ExpectAsync(sam, "To share Year 9 geography fieldwork photos and write-ups with families.", "aim");
        await _school.ExpectAsync(sam, "Pupils write for a real audience; it replaces paper displays.", "time");
        await _school.ExpectAsync(sam, "An hour a week; Jordan Lee covers when I'm away.", "judge");
        await _school.ExpectAsync(sam, "Termly review of pupils' work and parents' feedback.", "Who is the site for");
        await _school.ExpectAsync(sam, "pupils and parents", "post or comment");
        await _school.ExpectAsync(sam, "pupils", "administer");
        await _school.ExpectAsync(sam, "Sam Taylor and jordan.lee@emlm.example", "moderate");
        await _school.ExpectAsync(sam, "Marcus Reid, Jordan Lee", "host");
        await _school.ExpectAsync(sam, "a third party", "Which service");
        await _school.ExpectAsync(sam, "Instagram", "minimum age");
        await _school.ExpectAsync(sam, "yes", "goes live");
        await _school.ExpectAsync(sam, "1/9/2027", "close the site");
        await _school.ExpectAsync(sam, "31 July 2028", "parents");
        await _school.ExpectAsync(sam, "A letter home with a consent slip, filed before pupils post.", "unwanted");
        await _school.ExpectAsync(sam, "Private account; followers approved by two moderators.", "privacy");
        await _school.ExpectAsync(sam, "yes", "logo");
        await _school.ExpectAsync(sam, "no", "moderated");
        await _school.ExpectAsync(sam, "Moderators check new posts daily.", "Submit");
        await _school.ExpectAsync(sam, "submit", "Submitted");
    }

    [Fact]
    public async Task TheWholeJourney_TypedForm_ThenLineManagerAndHeadteacherApprove_AndEveryoneIsTold()
    {
        await _school.ExpectAsync(_school.Helen, "hi", "PolicyBot"); // Helen has a 1:1 chat; Marcus is reached by a new one.

        await SamAppliesByTypingAsync();

        var marcusCard = await _school.WaitForApprovalCardAsync(StaffJourney.MarcusId);
        Assert.Contains(StaffJourney.Texts(marcusCard), t => t.Contains("Sam Taylor", StringComparison.Ordinal));
        var afterMarcus = await _school.PressAsync(_school.Marcus, "approve", StaffJourney.ButtonData(marcusCard, "approve"));
        Assert.Equal("application/vnd.microsoft.card.adaptive", afterMarcus["type"]!.GetValue<string>());
        Assert.False(StaffJourney.HasButton(afterMarcus["value"]!, "approve"));

        var helenCard = await _school.WaitForApprovalCardAsync(StaffJourney.HelenId);
        var afterHelen = await _school.PressAsync(_school.Helen, "approve", StaffJourney.ButtonData(helenCard, "approve"));
        Assert.False(StaffJourney.HasButton(afterHelen["value"]!, "approve"));

        var store = _school.Bot.Services.GetRequiredService<IApprovalStore>();
        var request = Assert.Single(await store.ListByRequesterAsync(StaffJourney.SamId, CancellationToken.None));
        Assert.Equal(ApprovalStatus.Approved, request.Status);
        var decisions = await store.GetDecisionsAsync(request.Id, CancellationToken.None);
        Assert.Equal([ApprovalStage.LineManager, ApprovalStage.Headteacher], decisions.Select(d => d.Stage));
        Assert.Equal([StaffJourney.MarcusId, StaffJourney.HelenId], decisions.Select(d => d.ApproverId));

        Assert.True(await _school.Connector.WaitUntilAsync(c => c.Messages.Any(m =>
            m.Body?["conversation"]?["id"]?.GetValue<string>() == _school.Sam.ConversationId && StaffJourney.Describe(m).Contains("approved", StringComparison.OrdinalIgnoreCase) && StaffJourney.Describe(m).Contains(request.Id, StringComparison.Ordinal))),
            "Sam was not told that the site was approved, with its reference.");
        await _school.ExpectAsync(_school.Sam, "my requests", "Approved");
    }

    [Fact]
    public async Task TheLineManagerRejectsWithAComment_AndTheApplicantIsTold()
    {
        await SamAppliesByTypingAsync();
        var card = await _school.WaitForApprovalCardAsync(StaffJourney.MarcusId);

        var withoutComment = await _school.PressAsync(_school.Marcus, "reject", StaffJourney.ButtonData(card, "reject"));
        Assert.True(StaffJourney.HasButton(withoutComment["value"]!, "reject"), "A rejection without a comment must keep the buttons.");

        var data = StaffJourney.ButtonData(card, "reject");
        data["comment"] = "Please use the school's existing account instead.";
        await _school.PressAsync(_school.Marcus, "reject", data);

        var store = _school.Bot.Services.GetRequiredService<IApprovalStore>();
        var request = Assert.Single(await store.ListByRequesterAsync(StaffJourney.SamId, CancellationToken.None));
        Assert.Equal(ApprovalStatus.Rejected, request.Status);
        Assert.True(await _school.Connector.WaitUntilAsync(c => c.Messages.Any(m =>
            m.Body?["conversation"]?["id"]?.GetValue<string>() == _school.Sam.ConversationId && StaffJourney.Describe(m).Contains("existing account", StringComparison.Ordinal))),
            "Sam was not told of the rejection with its comment.");
    }

    [Fact]
    public async Task SomeoneElsePressingTheApproversButton_ChangesNothing()
    {
        await SamAppliesByTypingAsync();
        var card = await _school.WaitForApprovalCardAsync(StaffJourney.MarcusId);

        var answer = await _school.PressAsync(_school.Sam, "approve", StaffJourney.ButtonData(card, "approve"));

        Assert.False(StaffJourney.HasButton(answer["value"]!, "approve"));
        var store = _school.Bot.Services.GetRequiredService<IApprovalStore>();
        var request = Assert.Single(await store.ListByRequesterAsync(StaffJourney.SamId, CancellationToken.None));
        Assert.Equal(ApprovalStatus.AwaitingLineManager, request.Status);
        Assert.Empty(await store.GetDecisionsAsync(request.Id, CancellationToken.None));
    }
}
