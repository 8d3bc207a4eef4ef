using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PolicyBot.Dialogs;
using PolicyBot.Dialogs.Approvals;
using PolicyBot.Dialogs.SiteApplication;
using PolicyBot.Dialogs.Storage;
using PolicyBot.Storage;
using PolicyBot.Tests.Infrastructure;

namespace PolicyBot.Bench.Load;

public sealed record StormResult(
    int Requests,
    int ExpectedDecisions,
    int Decisions,
    int Approved,
    TimeSpan Creating,
    TimeSpan LineManagers,
    TimeSpan Headteacher,
    TurnStats Stats,
    IReadOnlyDictionary<string, int> Answers)
{
    public bool Passed => Decisions == ExpectedDecisions && Approved == Requests && Stats.Errors == 0;
}

/// <summary>
/// Approval storm: <c>requests</c> submitted applications (written with the product's own store and
/// <see cref="ApprovalWorkflow.StartAsync"/>, on the bot's store, as the form's submit does), then every line manager's
/// Approve and then the headteacher's, as Teams sends them (adaptiveCard/action invokes over HTTP). One click in ten is
/// a double click (two invokes with different activity ids, at once) and one in twenty a redelivery (the same activity
/// sent twice, the copy a few milliseconds later). Each stage of each request must be decided exactly once.
/// </summary>
public sealed class ApprovalStorm(BotClient client, string serviceUrl, SampleSchool school, IReadOnlyDictionary<string, string?> storeSettings, int requests, int concurrency)
{
    private readonly TurnStats _stats = new();
    private readonly ConcurrentDictionary<string, int> _answers = new(StringComparer.Ordinal);

    public async Task<StormResult> RunAsync(CancellationToken cancellationToken)
    {
        await using var stores = new ServiceCollection()
            .AddPolicyBotStorage(new ConfigurationBuilder().AddInMemoryCollection(storeSettings).Build())
            .BuildServiceProvider();
        var store = stores.GetRequiredService<IApprovalStore>();
        var workflow = new ApprovalWorkflow(store, new ApprovalNotices(new ApprovalCardBuilder(new PolicyBotSettings(), new ApprovalOptions())), TimeProvider.System);
        var runId = Guid.NewGuid().ToString("N")[..8];
        var plan = Enumerable.Range(0, requests)
            .Select(i => (Id: $"bench-{runId}-{i:D4}", Requester: school.Teachers[i % school.Teachers.Count], Index: i))
            .ToList();

        var creating = await TimeAsync(() => ForEachAsync(plan, 8, async r =>
        {
            await store.SaveAsync(Submitted(r.Id, r.Requester), null, [], [], cancellationToken);
            await workflow.StartAsync(r.Id, cancellationToken);
        }, cancellationToken));
        var lineManagers = await TimeAsync(() => ForEachAsync(plan, concurrency,
            r => ClickApproveAsync(r.Id, school.ManagerOf(r.Requester), r.Index, cancellationToken), cancellationToken));
        var headteacher = await TimeAsync(() => ForEachAsync(plan, concurrency,
            r => ClickApproveAsync(r.Id, school.Headteacher, r.Index + 7, cancellationToken), cancellationToken));

        var decisions = 0;
        var approved = 0;
        foreach (var (id, _, _) in plan)
        {
            decisions += (await store.GetDecisionsAsync(id, cancellationToken)).Count;
            approved += (await store.GetAsync(id, cancellationToken))?.Value.Status == ApprovalStatus.Approved ? 1 : 0;
        }
        return new StormResult(requests, 2 * requests, decisions, approved, creating, lineManagers, headteacher, _stats, _answers);
    }

    /// <summary>Click <paramref name="n"/> of a stage: n mod 20 in {0, 1} a double click, 2 a redelivery, else one click.</summary>
    private async Task ClickApproveAsync(string requestId, SchoolPerson approver, int n, CancellationToken cancellationToken)
    {
        var teams = new TeamsActivities(serviceUrl, approver.Id, approver.DisplayName, $"a:1:bench-approver-{approver.Id}", $"29:bench-approver-{approver.Id}");
        JsonObject Click() => teams.AdaptiveCardAction(ApprovalVerbs.Approve, new JsonObject
        {
            [ApprovalVerbs.RequestIdKey] = requestId,
            [ApprovalVerbs.RevisionKey] = 0,
        });
        switch (n % 20)
        {
            case 0 or 1:
                await Task.WhenAll(SendAsync("approve: double click", Click(), cancellationToken), SendAsync("approve: double click", Click(), cancellationToken));
                break;
            case 2:
                var click = Click();
                var first = SendAsync("approve: redelivered", click, cancellationToken);
                await Task.Delay(Random.Shared.Next(0, 20), cancellationToken);
                await Task.WhenAll(first, SendAsync("approve: redelivered", click, cancellationToken));
                break;
            default:
                await SendAsync("approve: one click", Click(), cancellationToken);
                break;
        }
    }

    private async Task SendAsync(string kind, JsonObject invoke, CancellationToken cancellationToken)
    {
        var outcome = await client.SendAsync(invoke, cancellationToken: cancellationToken);
        var type = outcome.Body?["type"]?.GetValue<string>();
        var answer = type switch
        {
            "application/vnd.microsoft.card.adaptive" => "card",
            "application/vnd.microsoft.activity.message" => "message: " + outcome.Body?["value"]?.GetValue<string>(),
            null => "no body",
            _ => "error: " + outcome.Body?["value"]?["code"]?.GetValue<string>(),
        };
        var error = outcome.Error
            ?? (type is "application/vnd.microsoft.card.adaptive" || answer == "message: Already done." ? null : "unexpected answer: " + answer);
        _answers.AddOrUpdate(answer, 1, (_, count) => count + 1);
        _stats.Record(kind, outcome.ServerMs, outcome.ClientMs, error);
    }

    private ApprovalRequest Submitted(string id, SchoolPerson requester)
    {
        var manager = school.ManagerOf(requester);
        var head = school.Headteacher;
        var form = new SiteApplicationForm
        {
            Department = "Humanities",
            Author = Person(requester),
            LineManager = Person(manager),
            PurposeAndContent = "A class Instagram to share Year 9 fieldwork photos and short write-ups.",
            AimsAndReason = "Pupils see each other's fieldwork and practise writing for an audience.",
            TimeAndCover = "An hour a week; a colleague covers when I'm away.",
            Evaluation = "Termly review of pupil work and feedback.",
            Audience = [SiteApplicationChoices.Pupils, SiteApplicationChoices.FamilyMembers],
            Contributors = [SiteApplicationChoices.Pupils],
            Administrators = [Person(requester)],
            Moderators = [Person(manager)],
            Host = SiteApplicationChoices.ThirdPartyHost,
            ThirdPartyHostName = "Instagram",
            GoLive = new DateOnly(2027, 9, 1),
            Closure = new DateOnly(2028, 7, 31),
            ConsentArrangements = "A letter home with a consent slip, filed before pupils post.",
            SecurityMeasures = "Private account; followers approved by two moderators.",
            MeetsHostMinimumAge = true,
            StrongestPrivacySettings = true,
            UsesSchoolLogo = false,
            ModerationPlan = "Moderators check new posts daily.",
            RequesterProfile = Person(requester),
            AuthorIsRequester = true,
            SuggestedLineManager = Person(manager),
            LineManagerConfirmed = true,
        };
        var now = DateTimeOffset.UtcNow;
        return new ApprovalRequest
        {
            Id = id,
            Requester = Staff(requester),
            LineManager = Staff(manager),
            Headteacher = Staff(head),
            Status = ApprovalStatus.Submitted,
            Application = SiteApplicationSubmitter.ToJson(form),
            Title = SiteApplicationSubmitter.TitleOf(form),
            ClosureDate = form.Closure,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    private static FormPerson Person(SchoolPerson p) => new(p.Id, p.DisplayName, p.Mail, p.JobTitle);

    private static StaffMember Staff(SchoolPerson p) => new(p.Id, p.DisplayName, p.Mail, p.JobTitle);

    private static async Task<TimeSpan> TimeAsync(Func<Task> work)
    {
        var started = Stopwatch.GetTimestamp();
        await work();
        return Stopwatch.GetElapsedTime(started);
    }

    private static Task ForEachAsync<T>(IEnumerable<T> items, int parallelism, Func<T, Task> work, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, (item, _) => new ValueTask(work(item)));
}
