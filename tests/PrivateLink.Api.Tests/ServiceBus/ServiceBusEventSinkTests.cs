using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PrivateLink.Api.Inbound.ServiceBus;
using PrivateLink.Api.Outbound.ServiceBus;
using PrivateLink.Onboarding.Notifications;
using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Api.Tests.ServiceBus;

public sealed class ServiceBusEventSinkTests
{
    private static readonly DestinationEvent ReadyEvent = new(
        "dst-42-Ready-638845920000000000", "dst-42", "SUP-1234", OnboardingStage.Ready, "TLS 1.3 on 5432", new DateTime(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc), "https://tickets.example.com/hooks/1", null);

    private readonly RecordingSender _sender = new("destination-events");

    [Fact]
    public async Task PublishAsync_Event_SendsCloudEventsPropertiesAndEventIdAsMessageId()
    {
        ServiceBusEventSink sut = CreateSut();

        await sut.PublishAsync(ReadyEvent, CancellationToken.None);

        ServiceBusMessage message = Assert.Single(_sender.Sent);
        Assert.Equal(ReadyEvent.EventId, message.MessageId);
        Assert.Equal("dst-42", message.Subject);
        Assert.Equal("SUP-1234", message.CorrelationId);
        Assert.Equal("application/json", message.ContentType);
        Assert.Equal("1.0", message.ApplicationProperties["cloudEvents:specversion"]);
        Assert.Equal("com.privatelink.onboarding.ready", message.ApplicationProperties["cloudEvents:type"]);
        Assert.Equal("/privatelink/onboarding", message.ApplicationProperties["cloudEvents:source"]);
        Assert.Equal(ReadyEvent.EventId, message.ApplicationProperties["cloudEvents:id"]);
        Assert.Equal("dst-42", message.ApplicationProperties["cloudEvents:subject"]);
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero), message.ApplicationProperties["cloudEvents:time"]);
    }

    [Fact]
    public async Task PublishAsync_Event_BodyIsTheEventWithoutCallbackUrl()
    {
        ServiceBusEventSink sut = CreateSut();

        await sut.PublishAsync(ReadyEvent, CancellationToken.None);

        string body = Assert.Single(_sender.Sent).Body.ToString();
        Assert.Contains("\"stage\":\"Ready\"", body, StringComparison.Ordinal);
        Assert.Contains("\"destinationId\":\"dst-42\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("callbackUrl", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_SameEventTwice_SendsTheSameMessageIdForBrokerDeduplication()
    {
        ServiceBusEventSink sut = CreateSut();

        await sut.PublishAsync(ReadyEvent, CancellationToken.None);
        await sut.PublishAsync(ReadyEvent, CancellationToken.None);

        Assert.Equal(2, _sender.Sent.Count);
        Assert.Equal(_sender.Sent[0].MessageId, _sender.Sent[1].MessageId);
    }

    [Theory]
    [InlineData(ServiceBusFailureReason.ServiceBusy)]
    [InlineData(ServiceBusFailureReason.ServiceTimeout)]
    [InlineData(ServiceBusFailureReason.ServiceCommunicationProblem)]
    public async Task PublishAsync_TransientServiceBusException_ThrowsTransientNotificationException(ServiceBusFailureReason reason)
    {
        _sender.Failures.Enqueue(new ServiceBusException("busy", reason));
        ServiceBusEventSink sut = CreateSut();

        await Assert.ThrowsAsync<TransientNotificationException>(() => sut.PublishAsync(ReadyEvent, CancellationToken.None));
    }

    [Fact]
    public async Task PublishAsync_TopicMissing_ThrowsInvalidOperationNotTransient()
    {
        _sender.Failures.Enqueue(new ServiceBusException("no such topic", ServiceBusFailureReason.MessagingEntityNotFound));
        ServiceBusEventSink sut = CreateSut();

        InvalidOperationException ex = await Assert.ThrowsAsync<InvalidOperationException>(() => sut.PublishAsync(ReadyEvent, CancellationToken.None));

        Assert.Contains("MessagingEntityNotFound", ex.Message, StringComparison.Ordinal);
    }

    private ServiceBusEventSink CreateSut() =>
        new(_sender, Options.Create(new ServiceBusOptions()), NullLogger<ServiceBusEventSink>.Instance);
}
