using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using PrivateLink.Api.Inbound.ServiceBus;
using PrivateLink.Api.Tests.Webhooks;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Api.Tests.ServiceBus;

public sealed class ServiceBusIntakeHandlerTests
{
    private readonly RecordingDurableTaskClient _client = new();
    private readonly FakeLogger<ServiceBusIntakeHandler> _logger = new();
    private readonly RecordingSettlement _settlement = new();

    [Fact]
    public async Task HandleAsync_ValidRequest_StartsOnboardingAndCompletes()
    {
        ServiceBusIntakeHandler sut = CreateSut();

        IntakeOutcome outcome = await sut.HandleAsync(Messages.Received(Payloads.Request()), _settlement, CancellationToken.None);

        Assert.Equal(IntakeOutcome.Completed, outcome);
        Assert.Equal(["Complete"], _settlement.Calls);
        Assert.Equal("onboard-dst-42", Assert.Single(_client.Scheduled).InstanceId);
        Assert.Equal("system:servicebus", Assert.IsType<PrivateLink.Onboarding.Model.OnboardDestinationInput>(Assert.Single(_client.Scheduled).Input).RequestedBy!.ObjectId);
    }

    [Fact]
    public async Task HandleAsync_DuplicateMessage_StartsNoSecondWorkflowAndCompletesBoth()
    {
        ServiceBusIntakeHandler sut = CreateSut();
        var second = new RecordingSettlement();
        await sut.HandleAsync(Messages.Received(Payloads.Request()), _settlement, CancellationToken.None);

        IntakeOutcome outcome = await sut.HandleAsync(Messages.Received(Payloads.Request(), messageId: "msg-2"), second, CancellationToken.None);

        Assert.Equal(IntakeOutcome.Completed, outcome);
        Assert.Equal(["Complete"], second.Calls);
        Assert.Single(_client.Scheduled);
    }

    [Theory]
    [InlineData("onboarding.started")]
    [InlineData("")]
    [InlineData(null)]
    public async Task HandleAsync_UnsupportedSubject_DeadLettersWithReason(string? subject)
    {
        ServiceBusIntakeHandler sut = CreateSut();

        IntakeOutcome outcome = await sut.HandleAsync(Messages.Received(Payloads.Request(), subject: subject), _settlement, CancellationToken.None);

        Assert.Equal(IntakeOutcome.DeadLettered, outcome);
        Assert.Equal(DeadLetterReasons.UnsupportedSubject, _settlement.DeadLetterReason);
        Assert.Contains("onboarding.requested", _settlement.DeadLetterDescription, StringComparison.Ordinal);
        Assert.Empty(_client.Scheduled);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[1,2]")]
    public async Task HandleAsync_MalformedBody_DeadLettersMalformedJson(string body)
    {
        ServiceBusIntakeHandler sut = CreateSut();

        IntakeOutcome outcome = await sut.HandleAsync(Messages.Received(body), _settlement, CancellationToken.None);

        Assert.Equal(IntakeOutcome.DeadLettered, outcome);
        Assert.Equal(DeadLetterReasons.MalformedJson, _settlement.DeadLetterReason);
        Assert.Equal(["DeadLetter"], _settlement.Calls);
    }

    [Fact]
    public async Task HandleAsync_UnknownField_DeadLettersNamingTheField()
    {
        ServiceBusIntakeHandler sut = CreateSut();
        string body = Payloads.Request().Replace("{", "{\"hostname2\":\"x\",", StringComparison.Ordinal);

        await sut.HandleAsync(Messages.Received(body), _settlement, CancellationToken.None);

        Assert.Equal(DeadLetterReasons.MalformedJson, _settlement.DeadLetterReason);
        Assert.StartsWith("hostname2:", _settlement.DeadLetterDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_WrongTypedField_DeadLettersNamingTheField()
    {
        ServiceBusIntakeHandler sut = CreateSut();
        string body = Payloads.Request().Replace("}", ",\"ports\":[{\"port\":\"5432\"}]}", StringComparison.Ordinal);

        await sut.HandleAsync(Messages.Received(body), _settlement, CancellationToken.None);

        Assert.Equal(DeadLetterReasons.MalformedJson, _settlement.DeadLetterReason);
        Assert.StartsWith("ports[0].port:", _settlement.DeadLetterDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_InvalidRequest_DeadLettersValidationFailedNamingEveryField()
    {
        ServiceBusIntakeHandler sut = CreateSut();
        const string Body = """{"destinationId":"DST 42","destinationType":"AzurePostgreSql","targetResourceId":"not-an-id"}""";

        IntakeOutcome outcome = await sut.HandleAsync(Messages.Received(Body), _settlement, CancellationToken.None);

        Assert.Equal(IntakeOutcome.DeadLettered, outcome);
        Assert.Equal(DeadLetterReasons.ValidationFailed, _settlement.DeadLetterReason);
        Assert.Contains("destinationId:", _settlement.DeadLetterDescription, StringComparison.Ordinal);
        Assert.Contains("targetResourceId:", _settlement.DeadLetterDescription, StringComparison.Ordinal);
        Assert.Contains("hostName:", _settlement.DeadLetterDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_NonJsonContentType_DeadLettersUnsupportedContentType()
    {
        ServiceBusIntakeHandler sut = CreateSut();

        await sut.HandleAsync(Messages.Received(Payloads.Request(), contentType: "text/xml"), _settlement, CancellationToken.None);

        Assert.Equal(DeadLetterReasons.UnsupportedContentType, _settlement.DeadLetterReason);
    }

    [Fact]
    public async Task HandleAsync_DurableClientThrows_AbandonsForRedelivery()
    {
        _client.ReadFailure = new TimeoutException("task hub unavailable");
        ServiceBusIntakeHandler sut = CreateSut();

        IntakeOutcome outcome = await sut.HandleAsync(Messages.Received(Payloads.Request()), _settlement, CancellationToken.None);

        Assert.Equal(IntakeOutcome.Abandoned, outcome);
        Assert.Equal(["Abandon"], _settlement.Calls);
    }

    [Fact]
    public async Task HandleAsync_DifferentRequestRunning_DeadLettersConflict()
    {
        ServiceBusIntakeHandler sut = CreateSut();
        await sut.HandleAsync(Messages.Received(Payloads.Request()), new RecordingSettlement(), CancellationToken.None);
        string different = Payloads.Request().Replace("pg1.postgres", "pg2.postgres", StringComparison.Ordinal);

        IntakeOutcome outcome = await sut.HandleAsync(Messages.Received(different, messageId: "msg-2"), _settlement, CancellationToken.None);

        Assert.Equal(IntakeOutcome.DeadLettered, outcome);
        Assert.Equal(DeadLetterReasons.Conflict, _settlement.DeadLetterReason);
    }

    [Fact]
    public async Task HandleAsync_CancelRunningOnboarding_RaisesCancelAndCompletes()
    {
        ServiceBusIntakeHandler sut = CreateSut();
        await sut.HandleAsync(Messages.Received(Payloads.Request()), new RecordingSettlement(), CancellationToken.None);

        IntakeOutcome outcome = await sut.HandleAsync(Messages.Received("""{"destinationId":"dst-42"}""", subject: "onboarding.cancel"), _settlement, CancellationToken.None);

        Assert.Equal(IntakeOutcome.Completed, outcome);
        Assert.Equal(WorkflowEvents.CancelRequested, Assert.Single(_client.RaisedEvents).EventName);
    }

    [Fact]
    public async Task HandleAsync_CancelAfterWorkflowEnded_CompletesWithoutRaising()
    {
        ServiceBusIntakeHandler sut = CreateSut();
        await sut.HandleAsync(Messages.Received(Payloads.Request()), new RecordingSettlement(), CancellationToken.None);
        _client.SetRuntimeStatus("onboard-dst-42", OrchestrationRuntimeStatus.Completed);

        IntakeOutcome outcome = await sut.HandleAsync(Messages.Received("""{"destinationId":"dst-42"}""", subject: "onboarding.cancel"), _settlement, CancellationToken.None);

        Assert.Equal(IntakeOutcome.Completed, outcome);
        Assert.Empty(_client.RaisedEvents);
    }

    [Fact]
    public async Task HandleAsync_CancelUnknownDestination_DeadLettersNotFound()
    {
        ServiceBusIntakeHandler sut = CreateSut();

        await sut.HandleAsync(Messages.Received("""{"destinationId":"dst-404"}""", subject: "onboarding.cancel"), _settlement, CancellationToken.None);

        Assert.Equal(DeadLetterReasons.NotFound, _settlement.DeadLetterReason);
    }

    [Fact]
    public async Task HandleAsync_AnyMessage_LogsWithMessageIdAndCorrelationIdInScope()
    {
        ServiceBusIntakeHandler sut = CreateSut();

        await sut.HandleAsync(Messages.Received(Payloads.Request(), messageId: "msg-77", correlationId: "dash-9"), _settlement, CancellationToken.None);

        FakeLogRecord record = _logger.LatestRecord;
        var scope = Assert.IsAssignableFrom<IEnumerable<KeyValuePair<string, object?>>>(Assert.Single(record.Scopes));
        Assert.Contains(new KeyValuePair<string, object?>("MessageId", "msg-77"), scope);
        Assert.Contains(new KeyValuePair<string, object?>("CorrelationId", "dash-9"), scope);
        Assert.Equal(LogLevel.Information, record.Level);
    }

    private ServiceBusIntakeHandler CreateSut() => new(new OnboardingService(_client), _logger);
}
