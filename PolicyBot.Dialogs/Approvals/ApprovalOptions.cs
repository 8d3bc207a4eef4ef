namespace PolicyBot.Dialogs.Approvals;

/// <summary>
/// Settings of the approval workflow (configuration section "Approvals"). Everything has a default that works for a
/// local run; in Teams, ServiceUrl, TenantId and BotId let the bot open 1:1 chats with approvers it never talked to.
/// </summary>
public sealed class ApprovalOptions
{
    public const string SectionName = "Approvals";

    /// <summary>The school's logo on approval cards (an https URL or a data URI); none when empty.</summary>
    public string? SchoolLogoUrl { get; set; }

    /// <summary>School days an approver has before a reminder (and between reminders).</summary>
    public int ReminderSchoolDays { get; set; } = 3;

    /// <summary>School days after which a line manager's silence is escalated to the headteacher.</summary>
    public int EscalationSchoolDays { get; set; } = 6;

    /// <summary>Days before an approved site's closure date when its owner is reminded (A.1.6), and again on the day.</summary>
    public int ClosureReminderDaysBefore { get; set; } = 7;

    /// <summary>The school's time zone, for "school days" and closure dates.</summary>
    public string TimeZone { get; set; } = "Europe/London";

    /// <summary>The Connector to open new 1:1 chats on (e.g. https://smba.trafficmanager.net/teams/); when empty the
    /// requester's last conversation's service URL is used.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The Microsoft Entra tenant of the school; when empty, the requester's conversation's tenant.</summary>
    public string? TenantId { get; set; }

    /// <summary>The bot's id for new conversations (its Microsoft App ID); "28:…" is added by Teams.</summary>
    public string? BotId { get; set; }

    /// <summary>How many outbox messages one pass delivers at most.</summary>
    public int OutboxBatchSize { get; set; } = 20;

    /// <summary>First retry delay after a failed delivery; doubled on each failure up to <see cref="OutboxMaxRetryDelay"/>.</summary>
    public TimeSpan OutboxFirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan OutboxMaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a dispatcher owns a message it is sending; another instance takes it over after that.</summary>
    public TimeSpan OutboxClaimDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the host's background service delivers due outbox messages.</summary>
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often it looks for approvers to remind and sites about to close.</summary>
    public TimeSpan ReminderPollInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>False stops the background service (tests that drive the dispatcher themselves).</summary>
    public bool RunInBackground { get; set; } = true;

    public TimeZoneInfo GetTimeZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
