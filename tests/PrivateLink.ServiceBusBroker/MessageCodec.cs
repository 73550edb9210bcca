using System.Collections;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;

namespace PrivateLink.ServiceBusBroker;

/// <summary>Encodes, decodes and rebuilds AMQP messages, adding the annotations Service Bus puts on a delivered message.</summary>
internal static class MessageCodec
{
    public const string SequenceNumberAnnotation = "x-opt-sequence-number";
    public const string EnqueuedTimeAnnotation = "x-opt-enqueued-time";
    public const string LockedUntilAnnotation = "x-opt-locked-until";
    public const string DeadLetterSourceAnnotation = "x-opt-deadletter-source";
    public const string DeadLetterReasonProperty = "DeadLetterReason";
    public const string DeadLetterDescriptionProperty = "DeadLetterErrorDescription";

    /// <summary>Copies the encoded bytes of a message (as received, or as built here).</summary>
    public static byte[] Encode(AmqpMessage message)
    {
        Stream stream = message.ToStream();
        if (stream is BufferListStream buffers)
        {
            stream = (Stream)buffers.Clone();
        }

        stream.Position = 0;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Decodes an encoded message (the caller disposes it).</summary>
    public static AmqpMessage Decode(byte[] payload) =>
        AmqpMessage.CreateAmqpStreamMessage(new BufferListStream([new ArraySegment<byte>(payload)]), true);

    /// <summary>Splits what a sender sent into single messages: a batch (the SDK's batched message format) carries one encoded message per Data section.</summary>
    public static IReadOnlyList<byte[]> Split(byte[] payload, uint? messageFormat)
    {
        if (messageFormat != AmqpConstants.AmqpBatchedMessageFormat)
        {
            return [payload];
        }

        using AmqpMessage batch = Decode(payload);
        return [.. batch.DataBody.Select(d => d.Value is ArraySegment<byte> s ? s.ToArray() : throw new AmqpException(AmqpErrorCode.DecodeError, "A batch section is not binary."))];
    }

    /// <summary>Reads the MessageId of an encoded message.</summary>
    public static string? MessageIdOf(byte[] payload)
    {
        using AmqpMessage message = Decode(payload);
        return (message.Sections & SectionFlag.Properties) != 0 ? message.Properties.MessageId?.ToString() : null;
    }

    /// <summary>Builds the message to deliver (or return from a peek): the sender's sections with the broker's annotations and delivery count.</summary>
    public static AmqpMessage ForDelivery(DeliverySnapshot snapshot)
    {
        using AmqpMessage source = Decode(snapshot.Payload);
        AmqpMessage message = Rebuild(source);
        message.Header.DeliveryCount = (uint)Math.Max(0, snapshot.DeliveryCount - 1);
        message.MessageAnnotations.Map[SequenceNumberAnnotation] = snapshot.SequenceNumber;
        message.MessageAnnotations.Map[EnqueuedTimeAnnotation] = snapshot.EnqueuedTimeUtc;
        if (snapshot.LockedUntilUtc is { } lockedUntil)
        {
            message.MessageAnnotations.Map[LockedUntilAnnotation] = lockedUntil;
        }

        if (snapshot.DeadLetterSource is { } source2)
        {
            message.MessageAnnotations.Map[DeadLetterSourceAnnotation] = source2;
        }

        return message;
    }

    /// <summary>Returns the payload with application properties set (dead-letter reason, properties to modify).</summary>
    public static byte[] WithApplicationProperties(byte[] payload, IEnumerable<KeyValuePair<string, object?>> properties)
    {
        using AmqpMessage source = Decode(payload);
        using AmqpMessage message = Rebuild(source);
        foreach ((string key, object? value) in properties)
        {
            message.ApplicationProperties.Map[key] = value;
        }

        return Encode(message);
    }

    private static AmqpMessage Rebuild(AmqpMessage source)
    {
        AmqpMessage message;
        SectionFlag body = source.BodyType;
        if ((body & SectionFlag.Data) != 0)
        {
            message = AmqpMessage.Create(source.DataBody.Select(d => new Data { Value = d.Value is ArraySegment<byte> s ? new ArraySegment<byte>(s.ToArray()) : d.Value }).ToList());
        }
        else if ((body & SectionFlag.AmqpValue) != 0)
        {
            message = AmqpMessage.Create(new AmqpValue { Value = source.ValueBody.Value });
        }
        else if ((body & SectionFlag.AmqpSequence) != 0)
        {
            message = AmqpMessage.Create(source.SequenceBody.Select(s => new AmqpSequence((IList)s.List)).ToList());
        }
        else
        {
            message = AmqpMessage.Create();
        }

        SectionFlag sections = source.Sections;
        if ((sections & SectionFlag.Header) != 0)
        {
            message.Header.Durable = source.Header.Durable;
            message.Header.Priority = source.Header.Priority;
            message.Header.Ttl = source.Header.Ttl;
            message.Header.FirstAcquirer = source.Header.FirstAcquirer;
        }

        if ((sections & SectionFlag.MessageAnnotations) != 0)
        {
            foreach (KeyValuePair<Microsoft.Azure.Amqp.Encoding.MapKey, object> pair in source.MessageAnnotations.Map)
            {
                message.MessageAnnotations.Map[pair.Key] = pair.Value;
            }
        }

        if ((sections & SectionFlag.Properties) != 0)
        {
            Properties from = source.Properties;
            Properties to = message.Properties;
            to.MessageId = from.MessageId;
            to.UserId = from.UserId;
            to.To = from.To;
            to.Subject = from.Subject;
            to.ReplyTo = from.ReplyTo;
            to.CorrelationId = from.CorrelationId;
            to.ContentType = from.ContentType;
            to.ContentEncoding = from.ContentEncoding;
            to.AbsoluteExpiryTime = from.AbsoluteExpiryTime;
            to.CreationTime = from.CreationTime;
            to.GroupId = from.GroupId;
            to.GroupSequence = from.GroupSequence;
            to.ReplyToGroupId = from.ReplyToGroupId;
        }

        if ((sections & SectionFlag.ApplicationProperties) != 0)
        {
            foreach (KeyValuePair<Microsoft.Azure.Amqp.Encoding.MapKey, object> pair in source.ApplicationProperties.Map)
            {
                message.ApplicationProperties.Map[pair.Key] = pair.Value;
            }
        }

        return message;
    }
}
