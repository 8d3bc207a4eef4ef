using System.Net;
using System.Net.Http.Headers;
using PolicyBot.BotFramework.Schema;
using PolicyBot.Tests.Infrastructure;

namespace PolicyBot.Tests.Hardening;

/// <summary>
/// Every body in the fuzz corpus (FuzzCorpus/: hand-picked hostile bodies and whatever the parser's fuzz property once
/// failed on), replayed byte for byte through the activity parser and through POST /api/messages of the real host.
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
    public async Task TheEndpoint_NeverAnswers5xx_AndRefusesWhatTheParserRefuses(string file)
    {
        var body = FuzzCorpus.Activities.Read(file);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await bot.Host.Client.PostAsync("/api/messages", content);

        var status = (int)response.StatusCode;
        Assert.True(status < 500, $"{file} answered {status}: {await response.Content.ReadAsStringAsync()}");
        if (!ActivityParser.TryParse(body, out _, out _))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }
}

/// <summary>One bot for the whole replay, configured as a school deploys it (its tenant allow-listed). The hand-picked bodies
/// carry no serviceUrl, so its replies go nowhere; each body has a conversation of its own.</summary>
public sealed class ReplayBot : IAsyncLifetime
{
    public BotHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var settings = BotHost.LocalSettings();
        settings["Bot:AllowedTenantIds:0"] = TeamsActivities.TenantId;
        Host = await BotHost.StartAsync(settings);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
