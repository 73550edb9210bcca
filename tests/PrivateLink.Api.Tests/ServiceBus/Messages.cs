using Azure.Messaging.ServiceBus;

namespace PrivateLink.Api.Tests.ServiceBus;

/// <summary>Received messages built with the SDK's model factory, as a processor would hand them over.</summary>
internal static class Messages
{
    public static ServiceBusReceivedMessage Received(string body, string? subject = "onboarding.requested", string messageId = "msg-1", string? correlationId = "corr-1", string? contentType = "application/json", int deliveryCount = 1) =>
        ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: BinaryData.FromString(body),
            messageId: messageId,
            correlationId: correlationId,
            subject: subject,
            contentType: contentType,
            deliveryCount: deliveryCount);
}
