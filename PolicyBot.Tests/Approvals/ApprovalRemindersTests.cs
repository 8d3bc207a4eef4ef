using Microsoft.Extensions.DependencyInjection;
using PolicyBot.Dialogs.Approvals;
using PolicyBot.Dialogs.Storage;
using PolicyBot.Tests.Storage;
using static PolicyBot.Tests.Approvals.ApprovalWorkflowTests;

namespace PolicyBot.Tests.Approvals;

/// <summary>Reminders after school days, escalation to the headteacher, closure reminders, and the lease.</summary>
public sealed class ApprovalRemindersTests(SqliteFixture storage) : ApprovalHostTest(storage)
{
    private static readonly DateTimeOffset Friday = ApprovalTestHost.Monday.AddDays(4);

    [Fact]
    public async Task AnApproverIsReminded_AfterThreeSchoolDays_NotCountingTheWeekend()
    {
        Host.Clock.SetUtcNow(Friday);
        var request = await Host.SubmitAsync(GeographyTeacher);

        Host.Clock.SetUtcNow(Friday.AddDays(4)); // Tuesday: Monday and Tuesday are two school days
        Assert.Equal(0, await Host.Reminders.RunOnceAsync(default));

        Host.Clock.SetUtcNow(Friday.AddDays(5)); // Wednesday: three
        Assert.Equal(1, await Host.Reminders.RunOnceAsync(default));
        Assert.Equal(0, await Host.Reminders.RunOnceAsync(default));

        var reminder = Assert.Single(await Host.Outbox.ListForRequestAsync(request.Id, default), m => m.Payload["reminder"]?.GetValue<bool>() == true);
        Assert.Equal(HeadOfHumanities, reminder.RecipientId);
        await Host.DeliverAllAsync();
        Assert.Contains(await Host.CardsSentToAsync(HeadOfHumanities), c => c.ToJsonString().Contains("Reminder: this application is still waiting", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ALineManagersLongSilence_IsEscalatedToTheHeadteacher_Once()
    {
        Host.Clock.SetUtcNow(Friday);
        var request = await Host.SubmitAsync(GeographyTeacher);

        for (var day = 1; day <= 14; day++)
        {
            Host.Clock.SetUtcNow(Friday.AddDays(day));
            await Host.Reminders.RunOnceAsync(default);
        }

        var escalations = (await Host.Outbox.ListForRequestAsync(request.Id, default)).Where(m => m.Payload[ApprovalNotices.EventKey]?.GetValue<string>() == "escalated").ToList();
        Assert.Equal(Headteacher, Assert.Single(escalations).RecipientId);
        Assert.Equal(ApprovalStatus.AwaitingLineManager, (await Host.Store.GetAsync(request.Id, default))!.Value.Status);
    }

    [Fact]
    public async Task TheOwnerOfAnApprovedSite_IsRemindedBeforeAndOnItsClosureDate()
    {
        var request = await Host.SubmitAsync(GeographyTeacher, closure: new DateOnly(2026, 12, 18));
        await Host.InvokeAsync(HeadOfHumanities, ApprovalVerbs.Approve, request.Id);
        await Host.InvokeAsync(Headteacher, ApprovalVerbs.Approve, request.Id);

        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 10, 8, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, await Host.Reminders.RunOnceAsync(default));
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 11, 8, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, await Host.Reminders.RunOnceAsync(default));
        Assert.Equal(0, await Host.Reminders.RunOnceAsync(default));
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 18, 8, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, await Host.Reminders.RunOnceAsync(default));
        Assert.Equal(0, await Host.Reminders.RunOnceAsync(default));

        var events = (await Host.Outbox.ListForRequestAsync(request.Id, default)).Select(m => m.Payload[ApprovalNotices.EventKey]?.GetValue<string>()).ToList();
        Assert.Contains("closure-soon", events);
        Assert.Contains("closure-today", events);
    }

    [Fact]
    public async Task WhileAnotherInstanceHoldsTheLease_NothingIsQueuedTwice()
    {
        Host.Clock.SetUtcNow(Friday);
        await Host.SubmitAsync(GeographyTeacher);
        Host.Clock.SetUtcNow(Friday.AddDays(5));
        var leases = Host.Services.GetRequiredService<ILeaseStore>();
        Assert.True(await leases.TryAcquireAsync(ApprovalReminders.LeaseName, "other-instance", TimeSpan.FromMinutes(5), default));

        Assert.Equal(0, await Host.Reminders.RunOnceAsync(default));

        await leases.ReleaseAsync(ApprovalReminders.LeaseName, "other-instance", default);
        Assert.Equal(1, await Host.Reminders.RunOnceAsync(default));
    }

    [Theory]
    [InlineData("2026-11-27T09:00:00Z", "2026-11-30T09:00:00Z", 1)] // Friday to Monday
    [InlineData("2026-11-23T09:00:00Z", "2026-11-23T17:00:00Z", 0)] // the same day
    [InlineData("2026-11-23T09:00:00Z", "2026-12-07T09:00:00Z", 10)] // two weeks
    [InlineData("2026-11-28T09:00:00Z", "2026-11-29T09:00:00Z", 0)] // a weekend
    public void SchoolDays_AreMondayToFriday(string from, string to, int expected) =>
        Assert.Equal(expected, SchoolCalendar.SchoolDaysBetween(DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse(to, System.Globalization.CultureInfo.InvariantCulture), TimeZoneInfo.Utc));
}
