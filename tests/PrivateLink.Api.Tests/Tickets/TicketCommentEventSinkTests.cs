using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PrivateLink.Api.Outbound.Tickets;
using PrivateLink.Arm;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Notifications;
using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Api.Tests.Tickets;

/// <summary>The ticket comment sinks against fake Zendesk and Jira servers: request shape, idempotency and error mapping.</summary>
public sealed class TicketCommentEventSinkTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeLogger<TicketCommentEventSink> _logger = new();
    private readonly HttpClient _http = new();
    private InMemoryPostedCommentStore _store = null!;
    private FakeTicketServer _zendesk = null!;
    private FakeTicketServer _jira = null!;

    public async Task InitializeAsync()
    {
        _store = new InMemoryPostedCommentStore(_time);
        _zendesk = await FakeTicketServer.StartZendeskAsync("35436");
        _jira = await FakeTicketServer.StartJiraAsync("SUP-1234");
    }

    public async Task DisposeAsync()
    {
        await _zendesk.DisposeAsync();
        await _jira.DisposeAsync();
        _http.Dispose();
        _timeout.Dispose();
    }

    [Fact]
    public async Task PublishAsync_ZendeskAwaitingApproval_PostsInternalNoteWithApprovalInstructions()
    {
        TicketCommentEventSink sut = ZendeskSink();

        await sut.PublishAsync(Event("35436", OnboardingStage.AwaitingApproval, "Waiting until 2025-06-08."), _timeout.Token);

        ReceivedComment comment = Assert.Single(_zendesk.Comments);
        Assert.Equal("35436", comment.TicketId);
        Assert.False(comment.Public);
        Assert.Contains("Azure portal → Private Link Center → Pending connections", comment.Text, StringComparison.Ordinal);
        Assert.Contains("pe-onboard-zd-35436", comment.Text, StringComparison.Ordinal);
        Assert.Contains("Waiting until 2025-06-08.", comment.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_ZendeskPublicCommentsOn_PostsPublicReply()
    {
        TicketCommentEventSink sut = ZendeskSink(publicComments: true);

        await sut.PublishAsync(Event("35436", OnboardingStage.Ready, "5432: TLS Tls13 TLS_AES_128_GCM_SHA256"), _timeout.Token);

        Assert.True(Assert.Single(_zendesk.Comments).Public);
    }

    [Fact]
    public async Task PublishAsync_JiraReady_PostsAdfCommentWithTlsResult()
    {
        TicketCommentEventSink sut = JiraSink();

        await sut.PublishAsync(Event("SUP-1234", OnboardingStage.Ready, "5432: TLS Tls13 TLS_AES_128_GCM_SHA256"), _timeout.Token);

        ReceivedComment comment = Assert.Single(_jira.Comments);
        Assert.Equal("SUP-1234", comment.TicketId);
        Assert.Equal(
            "dst-1 is ready: the connection of private endpoint pe-onboard-zd-35436 is approved and every port answered. TLS result: 5432: TLS Tls13 TLS_AES_128_GCM_SHA256",
            comment.Text);
    }

    [Fact]
    public async Task PublishAsync_SameEventTwice_PostsOnce()
    {
        TicketCommentEventSink sut = JiraSink();
        DestinationEvent destinationEvent = Event("SUP-1234", OnboardingStage.Ready, "ok");

        await sut.PublishAsync(destinationEvent, _timeout.Token);
        await sut.PublishAsync(destinationEvent, _timeout.Token);

        Assert.Single(_jira.Comments);
        Assert.Equal(1, _jira.Attempts);
    }

    [Fact]
    public async Task PublishAsync_SameStageAtAnotherTime_PostsAgain()
    {
        TicketCommentEventSink sut = JiraSink();

        await sut.PublishAsync(Event("SUP-1234", OnboardingStage.ConnectivityFailed, "5432: Refused"), _timeout.Token);
        await sut.PublishAsync(Event("SUP-1234", OnboardingStage.ConnectivityFailed, "5432: Refused") with { EventId = "dst-1:ConnectivityFailed:2" }, _timeout.Token);

        Assert.Equal(2, _jira.Comments.Count);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    [InlineData(500)]
    public async Task PublishAsync_ZendeskAnswersTransientStatus_ThrowsTransientAndRetryPostsOnce(int status)
    {
        TicketCommentEventSink sut = ZendeskSink();
        DestinationEvent destinationEvent = Event("35436", OnboardingStage.Ready, "ok");
        _zendesk.FailNext(status);

        await Assert.ThrowsAsync<TransientNotificationException>(() => sut.PublishAsync(destinationEvent, _timeout.Token));
        await sut.PublishAsync(destinationEvent, _timeout.Token);
        await sut.PublishAsync(destinationEvent, _timeout.Token);

        Assert.Single(_zendesk.Comments);
        Assert.Equal(2, _zendesk.Attempts);
    }

    [Fact]
    public async Task PublishAsync_ZendeskUpdateConflict_ThrowsTransient()
    {
        TicketCommentEventSink sut = ZendeskSink();
        _zendesk.FailNext(409);

        await Assert.ThrowsAsync<TransientNotificationException>(() => sut.PublishAsync(Event("35436", OnboardingStage.Ready, "ok"), _timeout.Token));
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task PublishAsync_JiraAnswersTransientStatus_ThrowsTransientWithoutSecrets(int status)
    {
        TicketCommentEventSink sut = JiraSink();
        _jira.FailNext(status);

        TransientNotificationException ex = await Assert.ThrowsAsync<TransientNotificationException>(() => sut.PublishAsync(Event("SUP-1234", OnboardingStage.Ready, "ok"), _timeout.Token));

        Assert.Contains($"answered {status}", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeTicketServer.Token, ex.Message, StringComparison.Ordinal);
        Assert.Empty(_jira.Comments);
    }

    [Fact]
    public async Task PublishAsync_NetworkError_ThrowsTransient()
    {
        Uri closed = _jira.BaseUrl;
        await _jira.DisposeAsync();
        _jira = await FakeTicketServer.StartJiraAsync("SUP-1234");
        TicketCommentEventSink sut = JiraSink(closed);

        await Assert.ThrowsAsync<TransientNotificationException>(() => sut.PublishAsync(Event("SUP-1234", OnboardingStage.Ready, "ok"), _timeout.Token));
    }

    [Fact]
    public async Task PublishAsync_UnknownTicket_LogsRefusalAndDoesNotThrow()
    {
        TicketCommentEventSink sut = ZendeskSink();

        await sut.PublishAsync(Event("99999", OnboardingStage.Ready, "ok"), _timeout.Token);

        Assert.Empty(_zendesk.Comments);
        FakeLogRecord refused = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Id == 4702);
        Assert.Contains("404", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_logger.Collector.GetSnapshot(), r => r.Message.Contains(FakeTicketServer.Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PublishAsync_WrongToken_LogsRefusalAndDoesNotRetry()
    {
        TicketCommentEventSink sut = JiraSink(token: "wrong");

        await sut.PublishAsync(Event("SUP-1234", OnboardingStage.Ready, "ok"), _timeout.Token);

        Assert.Empty(_jira.Comments);
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Id.Id == 4702 && r.Message.Contains("401", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("SUP-1234")]
    [InlineData("ticket 7")]
    [InlineData(null)]
    public async Task PublishAsync_TicketNotZendesk_PostsNothing(string? ticketId)
    {
        TicketCommentEventSink sut = ZendeskSink();

        await sut.PublishAsync(Event(ticketId, OnboardingStage.Ready, "ok"), _timeout.Token);

        Assert.Equal(0, _zendesk.Attempts);
    }

    [Theory]
    [InlineData(OnboardingStage.Validating)]
    [InlineData(OnboardingStage.CheckingConnectivity)]
    public async Task PublishAsync_StageWithoutTemplate_PostsNothing(OnboardingStage stage)
    {
        TicketCommentEventSink sut = JiraSink();

        await sut.PublishAsync(Event("SUP-1234", stage, "ok"), _timeout.Token);

        Assert.Equal(0, _jira.Attempts);
    }

    [Fact]
    public async Task PublishAsync_TemplateEmptied_PostsNothing()
    {
        TicketCommentEventSink sut = JiraSink(comments: new TicketCommentOptions { Ready = string.Empty });

        await sut.PublishAsync(Event("SUP-1234", OnboardingStage.Ready, "ok"), _timeout.Token);

        Assert.Equal(0, _jira.Attempts);
    }

    [Fact]
    public async Task PublishAsync_RecordExpired_PostsAgain()
    {
        TicketCommentEventSink sut = JiraSink();
        DestinationEvent destinationEvent = Event("SUP-1234", OnboardingStage.Ready, "ok");

        await sut.PublishAsync(destinationEvent, _timeout.Token);
        _time.Advance(new TicketCommentOptions().RememberPostedFor + TimeSpan.FromSeconds(1));
        await sut.PublishAsync(destinationEvent, _timeout.Token);

        Assert.Equal(2, _jira.Comments.Count);
    }

    internal static DestinationEvent Event(string? ticketId, OnboardingStage stage, string detail) => new(
        $"dst-1:{stage}:1",
        "dst-1",
        ticketId,
        stage,
        detail,
        new DateTime(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc),
        null,
        new PrivateEndpointInfo("/subscriptions/x/pe", "pe-onboard-zd-35436", "Succeeded", ConnectionStatus.Pending, null, null, ["10.0.0.4"], [], null));

    private TicketCommentEventSink ZendeskSink(bool publicComments = false) => new(
        new ZendeskCommentClient(_http, Options.Create(new ZendeskCommentOptions
        {
            BaseUrl = _zendesk.BaseUrl, Email = FakeTicketServer.Email, ApiToken = FakeTicketServer.Token, PublicComments = publicComments,
        })),
        _store,
        Options.Create(new TicketCommentOptions()),
        _time,
        _logger);

    private TicketCommentEventSink JiraSink(Uri? baseUrl = null, string token = FakeTicketServer.Token, TicketCommentOptions? comments = null) => new(
        new JiraCommentClient(_http, Options.Create(new JiraCommentOptions { BaseUrl = baseUrl ?? _jira.BaseUrl, Email = FakeTicketServer.Email, ApiToken = token })),
        _store,
        Options.Create(comments ?? new TicketCommentOptions()),
        _time,
        _logger);
}
