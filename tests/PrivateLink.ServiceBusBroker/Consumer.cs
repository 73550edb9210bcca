using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;

namespace PrivateLink.ServiceBusBroker;

/// <summary>A receiver's link on a queue, subscription or dead-letter queue: the broker sends it messages up to its credit and settles its dispositions.</summary>
internal sealed class Consumer
{
    private const string DeadLetterCondition = "com.microsoft:dead-letter";
    private const string LockLostCondition = "com.microsoft:message-lock-lost";
    private readonly BrokerCore _core;
    private readonly SendingAmqpLink _link;

    public Consumer(BrokerCore core, MessageEntity entity, SendingAmqpLink link)
    {
        _core = core;
        Entity = entity;
        _link = link;
        ReceiveAndDelete = link.Settings.SettleType == SettleMode.SettleOnSend;
        link.RegisterCreditListener(OnCredit);
        link.RegisterDispositionListener(OnDisposition);
        link.Closed += (_, _) => _core.Run(_ => Entity.Detach(this));
    }

    public MessageEntity Entity { get; }

    public bool ReceiveAndDelete { get; }

    /// <summary>Gets or sets the credit the receiver granted and the broker has not used (under the broker's lock).</summary>
    public int Credit { get; set; }

    /// <summary>Gets a value indicating whether a message may be sent now: the broker's count and the link's agree there is credit.</summary>
    /// <remarks>A receiver that takes credit back (a flow with less credit, as the SDK sends after a receive call) reaches only the link's count.</remarks>
    public bool HasCredit => Credit > 0 && _link.LinkCredit > 0;

    public void Send(DeliverySnapshot snapshot, Guid deliveryTag)
    {
        AmqpMessage message = MessageCodec.ForDelivery(snapshot);
        BrokerCore.IgnoreClosedLink(() => _link.SendMessageNoWait(message, new ArraySegment<byte>(deliveryTag.ToByteArray()), AmqpConstants.NullBinary));
    }

    private void OnCredit(uint credit, bool drain, ArraySegment<byte> txnId) => _core.Run(after =>
    {
        Credit = (int)Math.Min(int.MaxValue, (long)Credit + credit);
        Entity.Pump(after);
        if (drain)
        {
            Credit = 0;
        }
    });

    private void OnDisposition(Delivery delivery)
    {
        DeliveryState state = delivery.State;
        var lockToken = new Guid(delivery.DeliveryTag.AsSpan());
        DeliveryState reply = state;
        _core.Run(after =>
        {
            StoredMessage? message = Entity.LockedBy(this, lockToken);
            if (message is null)
            {
                if (!ReceiveAndDelete)
                {
                    reply = new Rejected { Error = new Error { Condition = LockLostCondition, Description = $"The lock of message {lockToken} on {Entity.Path} expired or was already released." } };
                }

                return;
            }

            switch (state)
            {
                case Accepted:
                    Entity.Complete(message);
                    break;
                case Rejected rejected when rejected.Error?.Condition.Value is null or DeadLetterCondition:
                    Fields? info = rejected.Error?.Info;
                    string? reason = info is not null && info.TryGetValue(MessageCodec.DeadLetterReasonProperty, out string r) ? r : null;
                    string? description = info is not null && info.TryGetValue(MessageCodec.DeadLetterDescriptionProperty, out string d) ? d : null;
                    Entity.DeadLetterLocked(message, reason, description, Others(info, MessageCodec.DeadLetterReasonProperty, MessageCodec.DeadLetterDescriptionProperty), after);
                    reply = new Accepted(); // echoing Rejected would read as a failed settlement to the SDK
                    break;
                case Modified { UndeliverableHere: true }:
                    reply = new Rejected { Error = new Error { Condition = AmqpErrorCode.NotImplemented, Description = "The test broker does not defer messages." } };
                    break;
                case Modified modified:
                    Entity.Abandon(message, Others(modified.MessageAnnotations), after);
                    break;
                case Released:
                    Entity.Release(message, after);
                    break;
                default:
                    reply = new Rejected { Error = new Error { Condition = AmqpErrorCode.NotImplemented, Description = $"Outcome {state} is not supported by the test broker." } };
                    break;
            }
        });

        if (!delivery.Settled)
        {
            BrokerCore.IgnoreClosedLink(() => _link.DisposeDelivery(delivery, true, reply));
        }
    }

    private static List<KeyValuePair<string, object?>> Others(Fields? fields, params string[] except) =>
        fields is null ? [] : [.. fields.Select(p => new KeyValuePair<string, object?>(p.Key.Key.ToString() ?? string.Empty, p.Value)).Where(p => !except.Contains(p.Key))];
}
