using PolicyBot.Tests.EndToEnd;
using PolicyBot.Tests.Infrastructure;

namespace PolicyBot.Tests.Playground;

/// <summary>
/// The real bot (in-process, Kestrel on loopback, local mode, its own SQLite file, the sample directory) and an
/// Agents Playground signed in as Sam Taylor (geography teacher, line manager Marcus Reid) pointed at it.
/// More Playgrounds, one per person, can be started with <see cref="StartPlaygroundAsync"/>; all are stopped on dispose.
/// </summary>
public sealed class PlaygroundFixture : IAsyncLifetime
{
    public const string Teacher = "sam.taylor";
    public const string LineManager = "marcus.reid";
    public const string Headteacher = "helen.carter";

    /// <summary>Sam Taylor's Entra object id in the sample directory (the Playground sends it as from.aadObjectId, and "29:" + it as from.id).</summary>
    public const string TeacherId = StaffJourney.SamId;

    private readonly List<PlaygroundProcess> _playgrounds = [];

    public BotHost Bot { get; private set; } = null!;

    /// <summary>The Playground signed in as <see cref="Teacher"/>.</summary>
    public PlaygroundProcess Playground => _playgrounds[0];

    public Uri BotEndpoint => new(Bot.Client.BaseAddress!, "api/messages");

    public async Task InitializeAsync()
    {
        var settings = BotHost.LocalSettings();
        // Approval cards leave through the outbox; a short poll lets a card reach the approver's page promptly.
        settings["Approvals:OutboxPollInterval"] = "00:00:00.200";
        Bot = await BotHost.StartAsync(settings);
        await StartPlaygroundAsync(Teacher);
    }

    /// <summary>Starts another Playground, signed in as <paramref name="person"/>, on the same bot.</summary>
    public async Task<PlaygroundProcess> StartPlaygroundAsync(string person)
    {
        var playground = await PlaygroundProcess.StartAsync(person, BotEndpoint);
        _playgrounds.Add(playground);
        return playground;
    }

    public async Task DisposeAsync()
    {
        foreach (var playground in _playgrounds)
        {
            await playground.DisposeAsync();
        }
        if (Bot is not null)
        {
            await Bot.DisposeAsync();
        }
    }
}
