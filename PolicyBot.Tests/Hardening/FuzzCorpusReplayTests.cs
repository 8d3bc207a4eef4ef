using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PolicyBot.BotFramework.Connector;
using PolicyBot.BotFramework.Schema;
using PolicyBot.Tests.Infrastructure;

namespace PolicyBot.Tests.Hardening;

/// <summary>
/// Every body in the fuzz corpus (FuzzCorpus/: hand-picked hostile bodies and whatever the parser's fuzz property once
/// failed on), replayed byte for byte through the activity parser and through POST /api/messages of the real host:
/// refused with a 4xx before any turn, or answered by a turn that neither fails nor logs a warning.
/// </summary>
public sealed class FuzzCorpusReplayTests(ReplayBot bot) : IClassFixture<ReplayBot>
{
    public static TheoryData<string> CorpusFiles() => new(FuzzCorpus.Activities.FileNames());

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void TheParser_AnswersAnActivityOrAReason_AndNeverThrows(string file)
    {
        var parsed = ActivityParser.TryParse(FuzzCorpus.Activities.Read(file), out var activity, out var error);

        if (parsed)
        {
            Assert.False(string.IsNullOrWhiteSpace(activity.Type));
        }
        else
        {
            Assert.Matches("^The (body is not a valid activity: |activity has no |activity's \"[a-zA-Z.]+\" contains)", error);
        }
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public async Task TheEndpoint_RefusesWithA4xxOrAnswers_AndNoTurnEverFails(string file)
    {
        var body = FuzzCorpus.Activities.Read(file);
        var (logsBefore, connectorBefore) = (bot.Host.Logs.Entries.Count, bot.Connector.Requests.Count);

        using var response = await bot.Host.PostBodyAsync(body);

        var status = (int)response.StatusCode;
        Assert.True(status < 500, $"{file} answered {status}: {await response.Content.ReadAsStringAsync()}");
        // A turn that fails inside logs its exception (TurnErrorHandler); so does a reply the Connector refused.
        var logged = bot.Host.Logs.Entries.Skip(logsBefore).ToList();
        Assert.True(logged.Count == 0, $"{file} answered {status}, but the host logged: {string.Join(" | ", logged)}");
        if (!ActivityParser.TryParse(body, out _, out _))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(connectorBefore, bot.Connector.Requests.Count);
        }
    }
}

/// <summary>One bot for the whole replay, configured as a school deploys it (its tenant allow-listed). The corpus's
/// bodies name https://connector.invalid/ as their serviceUrl; every request to the Connector goes to a stand-in on
/// 127.0.0.1 instead, so replies succeed and a failing turn is the body's doing. Each body has a conversation of its own.</summary>
public sealed class ReplayBot : IAsyncLifetime
{
    public BotHost Host { get; private set; } = null!;

    public ConnectorStandIn Connector { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Connector = await ConnectorStandIn.StartAsync();
        var settings = BotHost.LocalSettings();
        settings["Bot:AllowedTenantIds:0"] = TeamsActivities.TenantId;
        Host = await BotHost.StartAsync(settings, services =>
            services.AddHttpClient<IConnectorClient, ConnectorClient>().AddHttpMessageHandler(Connector.RedirectEveryRequest));
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Connector.DisposeAsync();
    }
}
