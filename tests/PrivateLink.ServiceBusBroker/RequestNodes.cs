using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;

namespace PrivateLink.ServiceBusBroker;

/// <summary>
/// The request/response nodes: <c>$cbs</c> (put-token, always accepted) and <c>{entity}/$management</c> (renew-lock, peek-message), in the
/// shapes the Service Bus SDK sends: the operation in the <c>operation</c> application property, arguments in an AMQP-value map, the
/// answer's <c>statusCode</c>/<c>statusDescription</c> (CBS: <c>status-code</c>/<c>status-description</c>) and a map body, sent to the
/// requester's reply-to link with the request's MessageId as CorrelationId.
/// </summary>
internal sealed class RequestNodes(BrokerCore core)
{
    private const string Cbs = "$cbs";
    private const string ManagementSuffix = "/$management";
    private const string RenewLock = "com.microsoft:renew-lock";
    private const string PeekMessage = "com.microsoft:peek-message";
    private const string UpdateDisposition = "com.microsoft:update-disposition";

    public bool TryAttachRequests(string address, ReceivingAmqpLink link)
    {
        if (address == Cbs)
        {
            link.RegisterMessageListener(m => OnRequest(link, m, PutToken));
            return true;
        }

        if (!address.EndsWith(ManagementSuffix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string entityPath = address[..^ManagementSuffix.Length];
        MessageEntity? entity = core.Read(() => core.Receivable.GetValueOrDefault(entityPath));
        if (entity is null)
        {
            return false;
        }

        link.RegisterMessageListener(m => OnRequest(link, m, r => Manage(entity, r)));
        return true;
    }

    public bool TryAttachReplies(string address, SendingAmqpLink link)
    {
        if (address != Cbs && !address.EndsWith(ManagementSuffix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string? replyTo = (link.Settings.Target as Target)?.Address?.ToString();
        if (string.IsNullOrEmpty(replyTo))
        {
            throw new AmqpException(AmqpErrorCode.InvalidField, "A reply link needs a target address (the requests' reply-to).");
        }

        core.Run(_ => core.ReplyLinks[replyTo] = link);
        link.Closed += (_, _) => core.Run(_ => core.ReplyLinks.Remove(replyTo));
        return true;
    }

    private void OnRequest(ReceivingAmqpLink link, AmqpMessage request, Func<AmqpMessage, AmqpMessage> handle)
    {
        try
        {
            AmqpMessage response = handle(request);
            response.Properties.CorrelationId = request.Properties.MessageId;
            string? replyTo = request.Properties.ReplyTo?.ToString();
            link.AcceptMessage(request, link.Settings.SettleType != SettleMode.SettleOnDispose, request.Batchable);
            SendingAmqpLink? reply = core.Read(() => replyTo is null ? null : core.ReplyLinks.GetValueOrDefault(replyTo));
            if (reply is not null)
            {
                BrokerCore.IgnoreClosedLink(() => reply.SendMessageNoWait(response, new ArraySegment<byte>(Guid.NewGuid().ToByteArray()), AmqpConstants.NullBinary));
            }
        }
        finally
        {
            request.Dispose();
        }
    }

    private static AmqpMessage PutToken(AmqpMessage request)
    {
        AmqpMessage response = AmqpMessage.Create(new AmqpValue { Value = new AmqpMap() });
        response.ApplicationProperties.Map["status-code"] = 202;
        response.ApplicationProperties.Map["status-description"] = "Accepted";
        return response;
    }

    private AmqpMessage Manage(MessageEntity entity, AmqpMessage request)
    {
        string? operation = request.ApplicationProperties?.Map["operation"] as string;
        AmqpMap arguments = request.ValueBody?.Value as AmqpMap ?? new AmqpMap();
        return operation switch
        {
            RenewLock => Renew(entity, arguments),
            PeekMessage => Peek(entity, arguments),
            UpdateDisposition => Settle(entity, arguments),
            _ => Response(501, $"Operation '{operation}' is not implemented by the test broker.", new AmqpMap(), "amqp:not-implemented"),
        };
    }

    private AmqpMessage Renew(MessageEntity entity, AmqpMap arguments)
    {
        if (arguments[new MapKey("lock-tokens")] is not IEnumerable<Guid> tokens)
        {
            return Response(400, "lock-tokens is required.", new AmqpMap(), "amqp:invalid-field");
        }

        var expirations = new List<DateTime>();
        foreach (Guid token in tokens)
        {
            DateTime? until = core.Read(() => entity.Renew(token));
            if (until is null)
            {
                return Response(410, $"The lock {token} on {entity.Path} is lost.", new AmqpMap(), "com.microsoft:message-lock-lost");
            }

            expirations.Add(until.Value);
        }

        return Response(200, "OK", new AmqpMap { [new MapKey("expirations")] = expirations.ToArray() });
    }

    /// <summary>Settles locked messages by token (the SDK's path for a dead-letter with reason and description, and for messages whose link closed).</summary>
    private AmqpMessage Settle(MessageEntity entity, AmqpMap arguments)
    {
        if (arguments[new MapKey("lock-tokens")] is not IEnumerable<Guid> tokens || arguments[new MapKey("disposition-status")] is not string status)
        {
            return Response(400, "lock-tokens and disposition-status are required.", new AmqpMap(), "amqp:invalid-field");
        }

        string? reason = arguments[new MapKey("deadletter-reason")] as string;
        string? description = arguments[new MapKey("deadletter-description")] as string;
        List<KeyValuePair<string, object?>> properties = arguments[new MapKey("properties-to-modify")] is AmqpMap map
            ? [.. map.Select(p => new KeyValuePair<string, object?>(p.Key.Key.ToString() ?? string.Empty, p.Value))]
            : [];
        AmqpMessage? failure = null;
        core.Run(after =>
        {
            foreach (Guid token in tokens)
            {
                if (entity.Locked(token) is not { } message)
                {
                    failure = Response(410, $"The lock {token} on {entity.Path} is lost.", new AmqpMap(), "com.microsoft:message-lock-lost");
                    return;
                }

                switch (status)
                {
                    case "completed":
                        entity.Complete(message);
                        break;
                    case "abandoned":
                        entity.Abandon(message, properties, after);
                        break;
                    case "suspended":
                        entity.DeadLetterLocked(message, reason, description, properties, after);
                        break;
                    default:
                        failure = Response(501, $"Disposition '{status}' is not implemented by the test broker.", new AmqpMap(), "amqp:not-implemented");
                        return;
                }
            }
        });
        return failure ?? Response(200, "OK", new AmqpMap());
    }

    private AmqpMessage Peek(MessageEntity entity, AmqpMap arguments)
    {
        long from = arguments[new MapKey("from-sequence-number")] is long f ? f : 0;
        int count = arguments[new MapKey("message-count")] is int c ? c : 1;
        List<DeliverySnapshot> snapshots = core.Read(() => entity.Peek(from, count));
        if (snapshots.Count == 0)
        {
            return Response(204, "No messages.", new AmqpMap());
        }

        var messages = new List<object>();
        foreach (DeliverySnapshot snapshot in snapshots)
        {
            using AmqpMessage message = MessageCodec.ForDelivery(snapshot);
            messages.Add(new AmqpMap { [new MapKey("message")] = new ArraySegment<byte>(MessageCodec.Encode(message)) });
        }

        return Response(200, "OK", new AmqpMap { [new MapKey("messages")] = messages });
    }

    private static AmqpMessage Response(int status, string description, AmqpMap body, string? errorCondition = null)
    {
        AmqpMessage response = AmqpMessage.Create(new AmqpValue { Value = body });
        response.ApplicationProperties.Map["statusCode"] = status;
        response.ApplicationProperties.Map["statusDescription"] = description;
        if (errorCondition is not null)
        {
            response.ApplicationProperties.Map["errorCondition"] = new AmqpSymbol(errorCondition);
        }

        return response;
    }
}
