using Microsoft.Azure.Amqp;

namespace PrivateLink.ServiceBusBroker;

/// <summary>The broker's state and its one lock: entities by path, topics, and the reply links of the request/response nodes.</summary>
internal sealed class BrokerCore(TimeProvider time)
{
    private readonly object _sync = new();

    public TimeProvider Time { get; } = time;

    /// <summary>Gets the entities a receiver can attach to: queues, subscriptions and their dead-letter queues.</summary>
    public Dictionary<string, MessageEntity> Receivable { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the queues (by name) a sender can attach to, with their duplicate detectors.</summary>
    public Dictionary<string, (MessageEntity Queue, DuplicateDetector? Duplicates)> Queues { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the topics a sender can attach to.</summary>
    public Dictionary<string, Topic> Topics { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the links responses of <c>$cbs</c> and <c>$management</c> go to, by the requester's reply-to address.</summary>
    public Dictionary<string, SendingAmqpLink> ReplyLinks { get; } = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="work"/> under the lock, then the link calls it queued, outside the lock.</summary>
    public void Run(Action<List<Action>> work)
    {
        var after = new List<Action>();
        lock (_sync)
        {
            work(after);
        }

        foreach (Action action in after)
        {
            action();
        }
    }

    /// <summary>Runs <paramref name="work"/> under the lock and returns its result.</summary>
    /// <typeparam name="T">The type of the result.</typeparam>
    public T Read<T>(Func<T> work)
    {
        lock (_sync)
        {
            return work();
        }
    }

    /// <summary>Calls a link; a link the peer already closed is not an error for the broker (the message's lock simply expires).</summary>
    public static void IgnoreClosedLink(Action call)
    {
        try
        {
            call();
        }
        catch (Exception ex) when (ex is ObjectDisposedException or OperationCanceledException or AmqpException or InvalidOperationException)
        {
            // The peer detached or the connection dropped; there is nobody left to tell.
        }
    }

    /// <summary>Expires locks of every entity.</summary>
    public void Sweep() => Run(after =>
    {
        DateTime now = Time.GetUtcNow().UtcDateTime;
        foreach (MessageEntity entity in Receivable.Values)
        {
            entity.ExpireLocks(now, after);
        }
    });

    /// <summary>Accepts a message sent to a queue or topic: duplicate detection, then the queue or every subscription.</summary>
    public void Accept(string address, byte[] payload) => Run(after =>
    {
        DateTime now = Time.GetUtcNow().UtcDateTime;
        if (Queues.TryGetValue(address, out (MessageEntity Queue, DuplicateDetector? Duplicates) queue))
        {
            if (queue.Duplicates?.IsDuplicate(MessageCodec.MessageIdOf(payload), now) == true)
            {
                queue.Queue.DuplicatesDropped++;
                return;
            }

            queue.Queue.Enqueue(payload, null, after);
        }
        else if (Topics.TryGetValue(address, out Topic? topic))
        {
            if (topic.Duplicates?.IsDuplicate(MessageCodec.MessageIdOf(payload), now) == true)
            {
                topic.DuplicatesDropped++;
                return;
            }

            topic.Accepted++;
            foreach (MessageEntity subscription in topic.Subscriptions.Values)
            {
                subscription.Enqueue(payload, null, after);
            }
        }
    });
}

/// <summary>A topic: duplicate detection, then a copy to each subscription.</summary>
internal sealed class Topic(string name, DuplicateDetector? duplicates)
{
    public string Name { get; } = name;

    public DuplicateDetector? Duplicates { get; } = duplicates;

    public Dictionary<string, MessageEntity> Subscriptions { get; } = new(StringComparer.OrdinalIgnoreCase);

    public long Accepted { get; set; }

    public long DuplicatesDropped { get; set; }
}
