using System.ComponentModel.DataAnnotations;

namespace PrivateLink.Api.Inbound.ServiceBus;

/// <summary>Settings of the Service Bus intake (the dashboard's request queue) and the destination-events topic.</summary>
/// <remarks>
/// With neither <see cref="FullyQualifiedNamespace"/> nor <see cref="ConnectionString"/>, Service Bus is off: the intake does not listen and
/// no event is published to the topic. In Azure set the namespace (the app authenticates with DefaultAzureCredential: managed identity);
/// a connection string is for development only and is a secret (Key Vault reference), never in a sample.
/// </remarks>
public sealed class ServiceBusOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "ServiceBus";

    /// <summary>Gets or sets the namespace host, e.g. <c>contoso-onboarding.servicebus.windows.net</c>.</summary>
    /// <value>The default is none.</value>
    [RegularExpression(@"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$", ErrorMessage = "Must be a host name such as 'name.servicebus.windows.net'.")]
    public string? FullyQualifiedNamespace { get; set; }

    /// <summary>Gets or sets a connection string (development only; takes precedence over <see cref="FullyQualifiedNamespace"/>).</summary>
    /// <value>The default is none.</value>
    public string? ConnectionString { get; set; }

    /// <summary>Gets or sets the queue the dashboard sends onboarding requests to.</summary>
    /// <value>The default is none: the intake is off.</value>
    public string? RequestQueue { get; set; }

    /// <summary>Gets or sets the topic destination events are published to.</summary>
    /// <value>The default is <c>destination-events</c>; set it empty to publish nothing.</value>
    public string? EventsTopic { get; set; } = "destination-events";

    /// <summary>Gets or sets the <c>cloudEvents:source</c> of published events.</summary>
    /// <value>The default is <c>/privatelink/onboarding</c>.</value>
    [Required]
    public string EventSource { get; set; } = "/privatelink/onboarding";

    /// <summary>Gets or sets how many request messages the intake handles at once.</summary>
    /// <value>The default is 4.</value>
    [Range(1, 64)]
    public int MaxConcurrentCalls { get; set; } = 4;

    /// <summary>Gets or sets the most messages one drain of the request queue handles (hosts without a Service Bus trigger: the Functions app's timer).</summary>
    /// <value>The default is 200.</value>
    [Range(1, 10_000)]
    public int DrainMaxMessages { get; set; } = 200;

    /// <summary>Gets or sets how many messages a drain receives at once.</summary>
    /// <value>The default is 20.</value>
    [Range(1, 100)]
    public int DrainBatchSize { get; set; } = 20;

    /// <summary>Gets or sets how long a drain waits for messages before it decides the queue is empty.</summary>
    /// <value>The default is 1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30")]
    public TimeSpan DrainReceiveWait { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets a value indicating whether a namespace or connection string is set.</summary>
    public bool HasNamespace => !string.IsNullOrEmpty(ConnectionString) || !string.IsNullOrEmpty(FullyQualifiedNamespace);

    /// <summary>Gets a value indicating whether the intake listens.</summary>
    public bool IntakeEnabled => HasNamespace && !string.IsNullOrEmpty(RequestQueue);

    /// <summary>Gets a value indicating whether events are published to the topic.</summary>
    public bool EventsEnabled => HasNamespace && !string.IsNullOrEmpty(EventsTopic);
}
