using System.Net;
using System.Net.Sockets;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Azure.Amqp.Sasl;
using Microsoft.Azure.Amqp.Transport;

namespace PrivateLink.ServiceBusBroker;

/// <summary>
/// A Service Bus-compatible AMQP 1.0 broker for tests, in process on a loopback port, on <c>Microsoft.Azure.Amqp</c> (the library the
/// Service Bus SDK uses). The SDK connects with <see cref="ConnectionString"/> (<c>UseDevelopmentEmulator=true</c>: plain AMQP, custom port).
/// </summary>
/// <remarks>
/// Implemented: anonymous SASL (and the SDK's <c>MSSBCBS</c>), a <c>$cbs</c> node that accepts every put-token, <c>{entity}/$management</c>
/// with lock renewal and peek, queues and topic subscriptions with peek-lock (lock token in the delivery tag, lock duration, redelivery
/// with delivery count, MaxDeliveryCount then dead-letter), complete / abandon (with properties to modify) / dead-letter (reason,
/// description) as disposition outcomes, <c>{entity}/$DeadLetterQueue</c>, receive-and-delete, batches, and MessageId duplicate detection
/// with a window on queues and topics. Not implemented: sessions, deferral, scheduling, transactions, time-to-live expiry, subscription
/// rules and filters (every subscription gets every message), settlement through <c>$management</c>, authorization (any token is accepted).
/// </remarks>
public sealed class ServiceBusTestBroker : IAsyncDisposable
{
    /// <summary>The key name in <see cref="ConnectionString"/>; the broker does not check tokens.</summary>
    public const string KeyName = "RootManageSharedAccessKey";

    private readonly BrokerCore _core;
    private readonly TransportListener _listener;
    private readonly ITimer _sweeper;

    private ServiceBusTestBroker(BrokerCore core, TransportListener listener, int port, ITimer sweeper)
    {
        _core = core;
        _listener = listener;
        Port = port;
        _sweeper = sweeper;
    }

    /// <summary>Gets the loopback port the broker listens on.</summary>
    public int Port { get; }

    /// <summary>Gets a connection string for <c>ServiceBusClient</c>.</summary>
    /// <remarks>The key is a placeholder the SDK needs to sign a token with; the broker accepts any token, so it is not a secret.</remarks>
    public string ConnectionString =>
        $"Endpoint=sb://127.0.0.1:{Port}/;SharedAccessKeyName={KeyName};SharedAccessKey=dGVzdC1icm9rZXItYWNjZXB0cy1hbnktdG9rZW4=;UseDevelopmentEmulator=true;";

    /// <summary>Starts a broker on a free loopback port.</summary>
    /// <param name="time">The clock of lock expiry and duplicate detection (default: the system clock; the SDK renews locks on its own real clock).</param>
    /// <returns>The running broker.</returns>
    public static ServiceBusTestBroker Start(TimeProvider? time = null)
    {
        var core = new BrokerCore(time ?? TimeProvider.System);
        var runtime = new Runtime(core);
        var settings = new AmqpSettings { RuntimeProvider = runtime };
        runtime.Settings = settings;
        var version = new AmqpVersion(1, 0, 0);
        var sasl = new SaslTransportProvider();
        sasl.Versions.Add(version);
        sasl.AddHandler(new SaslAnonymousHandler());
        sasl.AddHandler(new SaslAnonymousHandler("MSSBCBS"));
        settings.TransportProviders.Add(sasl);
        var amqp = new AmqpTransportProvider();
        amqp.Versions.Add(version);
        settings.TransportProviders.Add(amqp);

        for (int attempt = 1; ; attempt++)
        {
            int port = FreePort();
            var listener = new AmqpTransportListener([new TcpTransportSettings { Host = "127.0.0.1", Port = port }.CreateListener()], settings);
            try
            {
                listener.Listen(runtime.OnAcceptTransport);
            }
            catch (SocketException) when (attempt < 5)
            {
                continue; // the free port was taken meanwhile: pick another
            }

            ITimer sweeper = core.Time.CreateTimer(_ => core.Sweep(), null, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(50));
            return new ServiceBusTestBroker(core, listener, port, sweeper);
        }
    }

    /// <summary>Adds a queue and its dead-letter queue.</summary>
    /// <param name="name">The queue name.</param>
    /// <param name="options">Lock duration, MaxDeliveryCount, duplicate detection.</param>
    public void AddQueue(string name, EntityOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        options ??= new EntityOptions();
        MessageEntity queue = NewEntity(name, options);
        _core.Run(_ =>
        {
            _core.Queues.Add(name, (queue, options.DuplicateDetectionWindow is { } w ? new DuplicateDetector(w) : null));
            _core.Receivable.Add(name, queue);
            _core.Receivable.Add(queue.DeadLetter!.Path, queue.DeadLetter);
        });
    }

    /// <summary>Adds a topic.</summary>
    /// <param name="name">The topic name.</param>
    /// <param name="duplicateDetectionWindow">The duplicate-detection window; none means off.</param>
    public void AddTopic(string name, TimeSpan? duplicateDetectionWindow = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _core.Run(_ => _core.Topics.Add(name, new Topic(name, duplicateDetectionWindow is { } w ? new DuplicateDetector(w) : null)));
    }

    /// <summary>Adds a subscription (<c>{topic}/Subscriptions/{name}</c>) and its dead-letter queue; it receives every message sent to the topic from now on.</summary>
    /// <param name="topic">The topic name.</param>
    /// <param name="name">The subscription name.</param>
    /// <param name="options">Lock duration and MaxDeliveryCount (duplicate detection belongs to the topic).</param>
    public void AddSubscription(string topic, string name, EntityOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentException.ThrowIfNullOrEmpty(name);
        MessageEntity subscription = NewEntity($"{topic}/Subscriptions/{name}", options ?? new EntityOptions());
        _core.Run(_ =>
        {
            _core.Topics[topic].Subscriptions.Add(name, subscription);
            _core.Receivable.Add(subscription.Path, subscription);
            _core.Receivable.Add(subscription.DeadLetter!.Path, subscription.DeadLetter);
        });
    }

    /// <summary>Reads the counters of a queue, subscription or dead-letter queue.</summary>
    /// <param name="entityPath">E.g. <c>requests</c>, <c>requests/$DeadLetterQueue</c>, <c>events/Subscriptions/all</c>.</param>
    /// <returns>The counters.</returns>
    public EntityStats GetStats(string entityPath) => _core.Read(() => _core.Receivable[entityPath].Stats());

    /// <summary>Reads how many messages a topic accepted and how many it dropped as duplicates.</summary>
    /// <param name="topic">The topic name.</param>
    /// <returns>Accepted and dropped counts.</returns>
    public (long Accepted, long DuplicatesDropped) GetTopicStats(string topic) =>
        _core.Read(() => (_core.Topics[topic].Accepted, _core.Topics[topic].DuplicatesDropped));

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _sweeper.DisposeAsync();
        _listener.Close();
    }

    private MessageEntity NewEntity(string path, EntityOptions options) =>
        new(path, options, new MessageEntity(path + "/$DeadLetterQueue", new EntityOptions { LockDuration = options.LockDuration, MaxDeliveryCount = int.MaxValue }, null, _core.Time), _core.Time);

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>The library's callbacks: connections, sessions and links, routed to entities and nodes by address.</summary>
    private sealed class Runtime(BrokerCore core) : IRuntimeProvider
    {
        private const ulong MaxMessageSize = 1024 * 1024;
        private readonly RequestNodes _nodes = new(core);

        /// <summary>Gets or sets the settings connections are opened with (SASL and AMQP providers, this runtime).</summary>
        public AmqpSettings Settings { get; set; } = null!;

        public void OnAcceptTransport(TransportListener listener, TransportAsyncCallbackArgs args)
        {
            var connectionSettings = new AmqpConnectionSettings { ContainerId = "privatelink-test-broker", MaxFrameSize = 64 * 1024, IdleTimeOut = 4 * 60 * 1000 };
            AmqpConnection connection = CreateConnection(args.Transport, (ProtocolHeader)args.UserToken, false, Settings, connectionSettings);
            connection.BeginOpen(AmqpConstants.DefaultTimeout, OnOpened, connection);
        }

        public AmqpConnection CreateConnection(TransportBase transport, ProtocolHeader protocolHeader, bool isInitiator, AmqpSettings amqpSettings, AmqpConnectionSettings connectionSettings) =>
            new(transport, protocolHeader, false, amqpSettings, connectionSettings);

        public AmqpSession CreateSession(AmqpConnection connection, AmqpSessionSettings settings) => new(connection, settings, this);

        public AmqpLink CreateLink(AmqpSession session, AmqpLinkSettings settings)
        {
            settings.MaxMessageSize = MaxMessageSize;
            return settings.Role == true ? new ReceivingAmqpLink(session, settings) : new SendingAmqpLink(session, settings);
        }

        public IAsyncResult BeginOpenLink(AmqpLink link, TimeSpan timeout, AsyncCallback callback, object state)
        {
            if (link is ReceivingAmqpLink receiving)
            {
                string address = Normalize(((Target)link.Settings.Target).Address?.ToString());
                if (!_nodes.TryAttachRequests(address, receiving) && !TryAttachPublisher(address, receiving))
                {
                    throw new AmqpException(AmqpErrorCode.NotFound, $"The messaging entity '{address}' could not be found.");
                }
            }
            else
            {
                var sending = (SendingAmqpLink)link;
                string address = Normalize(((Source)link.Settings.Source).Address?.ToString());
                if (!_nodes.TryAttachReplies(address, sending) && !TryAttachConsumer(address, sending))
                {
                    throw new AmqpException(AmqpErrorCode.NotFound, $"The messaging entity '{address}' could not be found.");
                }
            }

            var result = new CompletedResult(state);
            callback(result);
            return result;
        }

        public void EndOpenLink(IAsyncResult result)
        {
        }

        /// <summary>Reduces an address to an entity path: the SDK sends <c>/queue</c> or an absolute URI.</summary>
        internal static string Normalize(string? address)
        {
            if (string.IsNullOrEmpty(address))
            {
                return string.Empty;
            }

            if (Uri.TryCreate(address, UriKind.Absolute, out Uri? uri) && uri.Scheme is "amqp" or "amqps" or "sb")
            {
                address = Uri.UnescapeDataString(uri.AbsolutePath);
            }

            return address.Trim('/');
        }

        private static void OnOpened(IAsyncResult result)
        {
            var connection = (AmqpConnection)result.AsyncState!;
            try
            {
                connection.EndOpen(result);
            }
            catch (Exception ex) when (ex is AmqpException or TimeoutException or IOException or OperationCanceledException or ObjectDisposedException)
            {
                connection.SafeClose(ex); // a client that went away during the handshake
            }
        }

        private bool TryAttachPublisher(string address, ReceivingAmqpLink link)
        {
            bool known = core.Read(() => core.Queues.ContainsKey(address) || core.Topics.ContainsKey(address));
            if (!known)
            {
                return false;
            }

            link.RegisterMessageListener(message =>
            {
                try
                {
                    byte[] payload = MessageCodec.Encode(message);
                    foreach (byte[] single in MessageCodec.Split(payload, message.MessageFormat))
                    {
                        core.Accept(address, single);
                    }

                    link.AcceptMessage(message, link.Settings.SettleType != SettleMode.SettleOnDispose, message.Batchable);
                }
                catch (AmqpException ex)
                {
                    link.RejectMessage(message, ex);
                }
                finally
                {
                    message.Dispose();
                }
            });
            return true;
        }

        private bool TryAttachConsumer(string address, SendingAmqpLink link)
        {
            MessageEntity? entity = core.Read(() => core.Receivable.GetValueOrDefault(address));
            if (entity is null)
            {
                return false;
            }

            var consumer = new Consumer(core, entity, link);
            core.Run(_ => entity.Attach(consumer));
            return true;
        }

        private sealed class CompletedResult(object state) : IAsyncResult
        {
            public object AsyncState { get; } = state;

            public WaitHandle AsyncWaitHandle => throw new NotSupportedException();

            public bool CompletedSynchronously => true;

            public bool IsCompleted => true;
        }
    }
}
