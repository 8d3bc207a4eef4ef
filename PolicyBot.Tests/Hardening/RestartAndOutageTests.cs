using Microsoft.Extensions.DependencyInjection;
using PolicyBot.Dialogs.Approvals;
using PolicyBot.Dialogs.Storage;
using PolicyBot.Hosting;
using PolicyBot.Tests.EndToEnd;
using PolicyBot.Tests.Infrastructure;
using PolicyBot.Tests.Storage;

namespace PolicyBot.Tests.Hardening;

/// <summary>Restarts and storage outages in the middle of real conversations, over HTTP.</summary>
public sealed class RestartAndOutageTests
{
    [Fact]
    public async Task AHostStoppedMidForm_IsContinuedByANewHostOnTheSameStore()
    {
        var database = Path.Combine(Path.GetTempPath(), $"policybot-restart-{Guid.NewGuid():N}.db");
        await using var connector = await ConnectorStandIn.StartAsync();

        await using (var before = await StaffJourney.StartAsync(database, connector))
        {
            await before.ExpectAsync(before.Sam, "apply for a site", "Which department");
            await before.ExpectAsync(before.Sam, "yes", "Are you the author");
        }

        await using var after = await StaffJourney.StartAsync(database, connector);
        await after.ExpectAsync(after.Sam, "yes", "Marcus Reid");
    }

    [Fact]
    public async Task StorageDownMidConversation_TheUserIsToldTheAnswerWasNotSaved_AndTheFormGoesOnWhenItIsBack()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        await using var network = TcpProxy.Start(azurite.Port);
        await using var connector = await ConnectorStandIn.StartAsync();
        var settings = BotHost.LocalSettings();
        settings.Remove("Storage:SqlitePath");
        settings["Storage:ConnectionString"] = azurite.ConnectionStringThrough(network.Port);
        settings["Storage:TablePrefix"] = "Outage" + Guid.NewGuid().ToString("N")[..8];
        await using var bot = await BotHost.StartAsync(settings);
        var sam = new TeamsActivities(connector.ServiceUrl, StaffJourney.SamId, "Sam Taylor");

        await bot.SendAsync(sam.Message("apply for a site"));
        await bot.SendAsync(sam.Message("yes"));
        Assert.Contains("Are you the author", StaffJourney.Describe(connector.Messages[^1]));

        network.Cut();
        var during = await bot.SendAsync(sam.Message("yes"));

        Assert.Equal(System.Net.HttpStatusCode.OK, during.StatusCode);
        Assert.Equal(TurnErrorHandler.NotSavedMessage, connector.Messages[^1].Text);

        network.Restore();
        await bot.SendAsync(sam.Message("yes"));
        Assert.Contains("Marcus Reid", StaffJourney.Describe(connector.Messages[^1]));
    }

    [Fact]
    public async Task AHostStoppedBetweenADecisionAndItsNotifications_SendsThemOnceAfterTheRestart()
    {
        var database = Path.Combine(Path.GetTempPath(), $"policybot-crash-{Guid.NewGuid():N}.db");
        await using var connector = await ConnectorStandIn.StartAsync();
        var quiet = BotHost.LocalSettings(database);
        quiet["Approvals:ServiceUrl"] = connector.ServiceUrl;
        quiet["Approvals:RunInBackground"] = "false";

        await using (var before = await BotHost.StartAsync(quiet))
        {
            var sam = new TeamsActivities(connector.ServiceUrl, StaffJourney.SamId, "Sam Taylor");
            var marcus = new TeamsActivities(connector.ServiceUrl, StaffJourney.MarcusId, "Marcus Reid");
            var store = before.Services.GetRequiredService<IApprovalStore>();
            var workflow = before.Services.GetRequiredService<ApprovalWorkflow>();
            var request = (await store.SaveAsync(SampleApplications.SubmittedBySam(), null, [], [], CancellationToken.None)).Value;
            await workflow.StartAsync(request.Id, CancellationToken.None);
            await before.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None);
            var card = connector.Messages.Select(m => m.FirstCard).Last(c => c is not null && StaffJourney.HasButton(c, "approve"))!;

            await before.SendAsync(marcus.AdaptiveCardAction("approve", StaffJourney.ButtonData(card, "approve")));
            Assert.Equal(ApprovalStatus.AwaitingHeadteacher, (await store.GetAsync(request.Id, CancellationToken.None))!.Value.Status);
        }
        var helenCardsBefore = CardsFor(connector, StaffJourney.HelenId);
        Assert.Equal(0, helenCardsBefore);

        var resumed = BotHost.LocalSettings(database);
        resumed["Approvals:ServiceUrl"] = connector.ServiceUrl;
        resumed["Approvals:OutboxPollInterval"] = "00:00:00.200";
        await using var after = await BotHost.StartAsync(resumed);
        Assert.True(await connector.WaitUntilAsync(c => CardsFor(c, StaffJourney.HelenId) >= 1), "The headteacher's card was not sent after the restart.");
        await Task.Delay(TimeSpan.FromSeconds(1)); // several more dispatcher rounds: nothing may be sent again
        Assert.Equal(1, CardsFor(connector, StaffJourney.HelenId));
    }

    private static int CardsFor(ConnectorStandIn connector, string approverId) =>
        connector.Messages.Count(m => m.FirstCard?["refresh"]?["userIds"]?.AsArray().Any(id => id?.GetValue<string>() == approverId) == true
                                      && StaffJourney.HasButton(m.FirstCard, "approve"));
}
