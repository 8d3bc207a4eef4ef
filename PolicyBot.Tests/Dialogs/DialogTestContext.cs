using PolicyBot.BotFramework.Builder;
using PolicyBot.Dialogs;
using PolicyBot.Dialogs.Approvals;
using PolicyBot.Dialogs.SiteApplication;

namespace PolicyBot.Tests.Dialogs;

/// <summary>A temporary folder of SQLite files for one test class, and a clock at Tuesday 1 June 2027, 9am.</summary>
public sealed class DialogTestContext : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "policybot-dialogs-" + Guid.NewGuid().ToString("N"));

    public DialogTestContext() => System.IO.Directory.CreateDirectory(_folder);

    public static DateTimeOffset Start { get; } = new(2027, 6, 1, 9, 0, 0, TimeSpan.Zero);

    public string NewDatabasePath() => Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".db");

    public TestFlow NewFlow(IPolicyQuestionAnswerer? answerer = null, IApplicationSubmitted? submitted = null) =>
        new(new TestBotHost(NewDatabasePath(), new ManualClock(Start), answerer, submitted: submitted));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Answers anything that mentions Facebook or Instagram, as the policy answerer would.</summary>
public sealed class FakePolicyAnswerer : IPolicyQuestionAnswerer
{
    public List<string> Questions { get; } = [];

    public async Task<bool> TryAnswerAsync(ITurnContext turnContext, string question, CancellationToken cancellationToken)
    {
        Questions.Add(question);
        if (!question.Contains("facebook", StringComparison.OrdinalIgnoreCase) && !question.Contains("instagram", StringComparison.OrdinalIgnoreCase) && !question.Contains("logo", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        await turnContext.SendActivityAsync("Policy answer: the headteacher approves every school site (A.3.2).", cancellationToken);
        return true;
    }

    public async Task AnswerAsync(ITurnContext turnContext, string question, CancellationToken cancellationToken)
    {
        if (!await TryAnswerAsync(turnContext, question, cancellationToken))
        {
            await turnContext.SendActivityAsync("Not covered by the policy.", cancellationToken);
        }
    }

    public Task RecordVoteAsync(ITurnContext turnContext, PolicyBot.Dialogs.Policy.AnswerFeedbackData vote, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The approval workflow's hook, failing the first time it is told (the network dropped mid-submit).</summary>
public sealed class FailingOnceSubmittedHook : IApplicationSubmitted
{
    public List<string> Told { get; } = [];

    public Task OnSubmittedAsync(ITurnContext turnContext, Versioned<ApprovalRequest> request, CancellationToken cancellationToken)
    {
        Told.Add(request.Value.Id);
        return Told.Count == 1 ? throw new HttpRequestException("The Connector could not be reached.") : Task.CompletedTask;
    }
}
