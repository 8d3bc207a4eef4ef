using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PolicyBot.BotFramework.Builder;
using PolicyBot.BotFramework.Connector;
using PolicyBot.BotFramework.Schema;
using PolicyBot.BotFramework.State;
using PolicyBot.Dialogs.Cards;
using PolicyBot.Dialogs.Storage;

namespace PolicyBot.Dialogs.Approvals;

/// <summary>
/// Delivers due outbox messages as 1:1 Teams messages: into the person's last conversation when the bot has its
/// reference, else into a 1:1 chat it opens (POST /v3/conversations), installing the app for them through Graph when
/// Teams answers 403. A message is claimed with its ETag before it is sent and marked delivered with the claim's ETag,
/// so two instances never send it twice; a failure leaves it queued with a later, growing, next attempt.
/// </summary>
public sealed partial class OutboxDispatcher(
    IOutbox outbox,
    IApprovalStore store,
    IConversationReferenceStore conversationReferences,
    CloudAdapter adapter,
    IConnectorClient connector,
    ITeamsAppInstaller appInstaller,
    ApprovalCardBuilder cards,
    ApprovalNotices notices,
    ApprovalOptions options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger)
{
    private const string AppNotInstalledError = "app-not-installed";

    /// <summary>One pass: delivers what is due now. Returns how many messages were delivered (or settled).</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var due = await outbox.ListDueAsync(clock.GetUtcNow(), options.OutboxBatchSize, cancellationToken);
        var settled = 0;
        foreach (var message in due)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await TryClaimAsync(message, cancellationToken) is not { } claimed)
            {
                continue;
            }
            if (await DeliverClaimedAsync(claimed, cancellationToken))
            {
                settled++;
            }
        }
        return settled;
    }

    /// <summary>Takes a message for this instance for a while, so no other instance sends it meanwhile.</summary>
    private async Task<Versioned<OutboxMessage>?> TryClaimAsync(Versioned<OutboxMessage> message, CancellationToken cancellationToken)
    {
        if (message.Value.DeliveredAt is not null)
        {
            return null;
        }
        var claim = message.Value with
        {
            Attempts = message.Value.Attempts + 1,
            NextAttemptAt = clock.GetUtcNow() + options.OutboxClaimDuration,
        };
        try
        {
            return await outbox.UpdateAsync(claim, message.ETag, cancellationToken);
        }
        catch (StateConflictException)
        {
            return null;
        }
    }

    private async Task<bool> DeliverClaimedAsync(Versioned<OutboxMessage> claimed, CancellationToken cancellationToken)
    {
        var message = claimed.Value;
        try
        {
            var delivery = await DeliverAsync(message, cancellationToken);
            var done = message with
            {
                DeliveredAt = clock.GetUtcNow(),
                DeliveredActivityId = delivery?.ActivityId,
                DeliveredConversationId = delivery?.ConversationId,
                LastError = delivery is null ? "nothing to send" : null,
            };
            await outbox.UpdateAsync(done, claimed.ETag, cancellationToken);
            if (delivery is null)
            {
                Log.Skipped(logger, message.Kind, message.RequestId, "the request moved on");
            }
            else
            {
                Log.Delivered(logger, message.Kind, message.RequestId, message.Attempts);
            }
            return true;
        }
        catch (AppNotInstalledException notInstalled)
        {
            Log.AppNotInstalled(logger, message.RequestId, notInstalled.Result);
            if (message.LastError != AppNotInstalledError)
            {
                await TellRequesterWhoMustInstallAsync(message, cancellationToken);
            }
            await RetryLaterAsync(claimed, AppNotInstalledError, options.OutboxMaxRetryDelay, cancellationToken);
        }
        catch (Exception ex) when (ex is ConnectorException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var reason = ex is ConnectorException connectorError ? $"Connector {connectorError.StatusCode}" : ex.GetType().Name;
            // The Connector's Retry-After, when longer than our own backoff, is honoured (bounded: a day at most).
            var asked = ex is ConnectorException { RetryAfter: { } retryAfter } ? TimeSpan.FromTicks(Math.Min(retryAfter.Ticks, TimeSpan.FromDays(1).Ticks)) : TimeSpan.Zero;
            var delay = RetryDelay(message.Attempts);
            await RetryLaterAsync(claimed, reason, asked > delay ? asked : delay, cancellationToken);
        }
        return false;
    }

    private async Task RetryLaterAsync(Versioned<OutboxMessage> claimed, string reason, TimeSpan delay, CancellationToken cancellationToken)
    {
        var next = clock.GetUtcNow() + delay;
        Log.DeliveryFailed(logger, claimed.Value.Kind, claimed.Value.RequestId, claimed.Value.Attempts, reason, next);
        try
        {
            await outbox.UpdateAsync(claimed.Value with { NextAttemptAt = next, LastError = reason }, claimed.ETag, cancellationToken);
        }
        catch (StateConflictException)
        {
            // Our claim ran out and another instance took the message over: it is theirs now.
        }
    }

    /// <summary>Exponential: first delay, doubled per failed attempt, capped.</summary>
    private TimeSpan RetryDelay(int attempts)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(options.OutboxFirstRetryDelay.Ticks * factor, options.OutboxMaxRetryDelay.Ticks));
        return delay < options.OutboxFirstRetryDelay ? options.OutboxFirstRetryDelay : delay;
    }

    /// <summary>Sends one message; null when there is nothing to send any more (the request moved on).</summary>
    private async Task<Delivered?> DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(message.RequestId, cancellationToken);
        if (stored is null)
        {
            return null;
        }
        var request = stored.Value;
        switch (message.Kind)
        {
            case OutboxKinds.ApprovalCard:
            {
                if (request.CurrentApproverId != message.RecipientId || message.Payload["revision"]?.GetValue<int>() != request.Revision)
                {
                    return null;
                }
                var reference = await conversationReferences.GetAsync(message.RecipientId, cancellationToken);
                var decisions = await store.GetDecisionsAsync(request.Id, cancellationToken);
                var reminder = message.Payload["reminder"]?.GetValue<bool>() == true;
                var card = cards.RequestCard(request, decisions, reference?.User?.Id,
                    note: reminder ? "Reminder: this application is still waiting for your decision." : null);
                return await SendToPersonAsync(message.RecipientId, request, card.ToActivity(), cancellationToken);
            }
            case OutboxKinds.CardUpdate:
                return await UpdateCardAsync(message, request, cancellationToken);
            case OutboxKinds.Notice when message.Payload[ApprovalNotices.CardKey] is JsonObject card:
                return await SendToPersonAsync(message.RecipientId, request, new Activity
                {
                    Type = ActivityTypes.Message,
                    Attachments = [new Attachment { ContentType = AdaptiveCard.ContentType, Content = card.DeepClone() }],
                }, cancellationToken);
            default:
                return null;
        }
    }

    /// <summary>Replaces the approval card delivered earlier with the request's current state (no buttons once decided).</summary>
    private async Task<Delivered?> UpdateCardAsync(OutboxMessage message, ApprovalRequest request, CancellationToken cancellationToken)
    {
        var cardMessageId = message.Payload[ApprovalNotices.CardMessageIdKey]?.GetValue<string>();
        var sent = (await outbox.ListForRequestAsync(request.Id, cancellationToken))
            .Where(m => m.Id == cardMessageId || m.Id.StartsWith(cardMessageId + "/reminder-", StringComparison.Ordinal))
            .Where(m => m is { DeliveredActivityId.Length: > 0, DeliveredConversationId.Length: > 0 })
            .ToList();
        if (sent.Count == 0)
        {
            // Never delivered: when it is, it will show the current state anyway.
            return null;
        }
        var reference = await conversationReferences.GetAsync(message.RecipientId, cancellationToken);
        var serviceUrl = reference?.ServiceUrl ?? options.ServiceUrl
            ?? throw new ConnectorException(0, "No service URL is known to update the card.");
        var decisions = await store.GetDecisionsAsync(request.Id, cancellationToken);
        var card = cards.ForViewer(request, decisions, message.RecipientId, reference?.User?.Id);
        foreach (var original in sent)
        {
            var update = card.ToActivity();
            update.Id = original.DeliveredActivityId;
            update.Conversation = new ConversationAccount { Id = original.DeliveredConversationId };
            await connector.UpdateActivityAsync(serviceUrl, original.DeliveredConversationId!, original.DeliveredActivityId!, update, cancellationToken);
        }
        return new Delivered(sent[0].DeliveredConversationId!, sent[0].DeliveredActivityId!);
    }

    private async Task TellRequesterWhoMustInstallAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var stored = await store.GetAsync(message.RequestId, cancellationToken);
            if (stored is null || stored.Value.Requester.Id == message.RecipientId)
            {
                return;
            }
            var request = stored.Value;
            var approver = request.LineManager.Id == message.RecipientId ? request.LineManager
                : request.Headteacher.Id == message.RecipientId ? request.Headteacher
                : new StaffMember(message.RecipientId, "Your approver");
            try
            {
                await store.SaveAsync(request, stored.ETag, [], [notices.InstallNeeded(request, approver, clock.GetUtcNow())], cancellationToken);
                return;
            }
            catch (StateConflictException)
            {
            }
        }
    }

    private sealed record Delivered(string ConversationId, string ActivityId);

    private sealed class AppNotInstalledException(AppInstallResult result) : Exception("The Teams app is not installed for the recipient.")
    {
        public AppInstallResult Result { get; } = result;
    }
}
