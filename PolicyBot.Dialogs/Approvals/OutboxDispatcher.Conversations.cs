using System.Runtime.ExceptionServices;
using System.Text.Json.Nodes;
using PolicyBot.BotFramework.Connector;
using PolicyBot.BotFramework.Schema;

namespace PolicyBot.Dialogs.Approvals;

/// <summary>Reaching a person proactively: their stored 1:1 conversation, or a new one.</summary>
public sealed partial class OutboxDispatcher
{
    private async Task<Delivered> SendToPersonAsync(string recipientId, ApprovalRequest request, Activity activity, CancellationToken cancellationToken)
    {
        var reference = await conversationReferences.GetAsync(recipientId, cancellationToken)
            ?? await OpenPersonalChatAsync(recipientId, request, cancellationToken);
        var sent = await SendInConversationAsync(reference, activity, cancellationToken);
        return new Delivered(reference.Conversation!.Id!, sent.Id ?? "");
    }

    /// <summary>A proactive turn (ContinueConversation) that sends one activity; errors come back to the caller, so a
    /// failed send is retried later rather than reported to the recipient.</summary>
    private async Task<ResourceResponse> SendInConversationAsync(ConversationReference reference, Activity activity, CancellationToken cancellationToken)
    {
        ResourceResponse? sent = null;
        Exception? failure = null;
        await adapter.ContinueConversationAsync(reference, async (turn, ct) =>
        {
            try
            {
                sent = await turn.SendActivityAsync(activity, ct);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }, cancellationToken);
        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
        return sent ?? throw new ConnectorException(0, "The proactive turn ended without sending the message.");
    }

    /// <summary>
    /// POST /v3/conversations for a 1:1 chat with the person. Teams knows people by "29:…" ids; with only the Entra object
    /// id the member is given as "8:orgid:{objectId}" with the tenant. A 403 means the app is not installed for them:
    /// install it through Graph and try once more.
    /// </summary>
    private async Task<ConversationReference> OpenPersonalChatAsync(string recipientId, ApprovalRequest request, CancellationToken cancellationToken)
    {
        var requesterReference = recipientId == request.Requester.Id ? null : await conversationReferences.GetAsync(request.Requester.Id, cancellationToken);
        var serviceUrl = options.ServiceUrl is { Length: > 0 } configured ? configured : requesterReference?.ServiceUrl
            ?? throw new ConnectorException(0, "No Connector service URL is configured (Approvals:ServiceUrl) or known from the applicant's chat.");
        var tenantId = options.TenantId is { Length: > 0 } tenant ? tenant : requesterReference?.Conversation?.TenantId;
        var bot = options.BotId is { Length: > 0 } botId ? new ChannelAccount { Id = botId } : requesterReference?.Bot ?? new ChannelAccount();
        var member = new ChannelAccount
        {
            Id = recipientId.StartsWith("29:", StringComparison.Ordinal) ? recipientId : $"8:orgid:{recipientId}",
            AadObjectId = recipientId.StartsWith("29:", StringComparison.Ordinal) ? null : recipientId,
        };
        var parameters = new ConversationParameters
        {
            IsGroup = false,
            Bot = bot,
            Members = [member],
            TenantId = tenantId,
            ChannelData = tenantId is null ? null : new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenantId } },
        };

        ConversationResourceResponse created;
        try
        {
            created = await connector.CreateConversationAsync(serviceUrl, parameters, cancellationToken);
        }
        catch (ConnectorException ex) when (ex.StatusCode == 403)
        {
            var installed = await appInstaller.InstallForUserAsync(recipientId, cancellationToken);
            if (installed is not (AppInstallResult.Installed or AppInstallResult.AlreadyInstalled))
            {
                throw new AppNotInstalledException(installed);
            }
            created = await connector.CreateConversationAsync(serviceUrl, parameters, cancellationToken);
        }

        var reference = new ConversationReference
        {
            ChannelId = requesterReference?.ChannelId ?? "msteams",
            ServiceUrl = created.ServiceUrl is { Length: > 0 } answered ? answered : serviceUrl,
            Bot = bot,
            User = member,
            Conversation = new ConversationAccount { Id = created.Id, ConversationType = "personal", TenantId = tenantId },
        };
        if (string.IsNullOrEmpty(created.Id))
        {
            throw new ConnectorException(0, "The Connector created a conversation without an id.");
        }
        await conversationReferences.SaveAsync(recipientId, reference, cancellationToken);
        return reference;
    }
}
