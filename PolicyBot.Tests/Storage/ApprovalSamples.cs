using System.Text.Json.Nodes;
using PolicyBot.Dialogs.Approvals;
using PolicyBot.Dialogs.Storage;

namespace PolicyBot.Tests.Storage;

/// <summary>Requests, decisions and notifications as the approval workflow would build them.</summary>
internal static class ApprovalSamples
{
    public static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    public static StaffMember Teacher(string id = "teacher-1") => new(id, "Ms Teacher");

    public static ApprovalRequest Request(
        string? id = null,
        string requesterId = "teacher-1",
        string lineManagerId = "manager-1",
        ApprovalStatus status = ApprovalStatus.AwaitingLineManager,
        JsonObject? application = null,
        DateTimeOffset? createdAt = null) => new()
    {
        Id = id ?? Guid.NewGuid().ToString(),
        Requester = Teacher(requesterId),
        LineManager = new StaffMember(lineManagerId, "Mr Manager"),
        Headteacher = new StaffMember("head-1", "Dr Head"),
        Status = status,
        Application = application ?? new JsonObject { ["platform"] = "Instagram", ["purpose"] = "Year 9 geography trip" },
        Title = "Year 9 geography Instagram",
        ClosureDate = new DateOnly(2027, 7, 20),
        CreatedAt = createdAt ?? Monday,
        UpdatedAt = createdAt ?? Monday,
    };

    public static ApprovalDecision Decision(ApprovalRequest request, string idempotencyKey, DecisionKind kind = DecisionKind.Approved) =>
        new(request.Id, ApprovalStage.LineManager, request.LineManager.Id, request.LineManager.DisplayName, kind,
            "Looks fine", Monday.AddHours(1), idempotencyKey);

    public static OutboxMessage Notification(ApprovalRequest request, string recipientId, DateTimeOffset? nextAttemptAt = null, DateTimeOffset? createdAt = null) => new()
    {
        Id = Guid.NewGuid().ToString(),
        RequestId = request.Id,
        RecipientId = recipientId,
        Kind = "approval-card",
        Payload = new JsonObject { ["stage"] = "LineManager" },
        CreatedAt = createdAt ?? Monday,
        NextAttemptAt = nextAttemptAt ?? Monday,
    };

    /// <summary>A JSON object of about <paramref name="characters"/> characters, with non-ASCII text across chunk ends.</summary>
    public static JsonObject LargeApplication(int characters)
    {
        var application = new JsonObject();
        var paragraph = new string('x', 997) + "é😀";
        for (var i = 0; application.ToJsonString().Length < characters; i++)
        {
            application["answer" + i] = paragraph;
        }
        return application;
    }
}
