using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PrivateLink.Api.Inbound.ServiceBus;
using PrivateLink.Api.Outbound.Tickets;
using PrivateLink.Arm;
using PrivateLink.Onboarding.Notifications;
using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Api.Tests.Tickets;

/// <summary>Comment templates, their defaults and validation, ticket-id routing and registration.</summary>
public sealed class TicketCommentOptionsTests
{
    [Fact]
    public void RememberPostedFor_Default_IsSevenDays()
    {
        var sut = new TicketCommentOptions();

        Assert.Equal(TimeSpan.FromDays(7), sut.RememberPostedFor);
    }

    [Fact]
    public void RequestTimeout_Default_IsThirtySeconds()
    {
        var sut = new TicketCommentOptions();

        Assert.Equal(TimeSpan.FromSeconds(30), sut.RequestTimeout);
    }

    [Fact]
    public void PublicComments_Default_IsInternalNote()
    {
        var sut = new ZendeskCommentOptions();

        Assert.False(sut.PublicComments);
    }

    [Fact]
    public void TemplateFor_Defaults_CoverEveryStageTheRequesterCaresAbout()
    {
        var sut = new TicketCommentOptions();

        OnboardingStage[] commented = [.. Enum.GetValues<OnboardingStage>().Where(s => !string.IsNullOrEmpty(sut.TemplateFor(s)))];

        Assert.Equal(
            [OnboardingStage.AwaitingApproval, OnboardingStage.Ready, OnboardingStage.ValidationFailed, OnboardingStage.Rejected, OnboardingStage.ApprovalTimedOut,
             OnboardingStage.ConnectivityFailed, OnboardingStage.Cancelled, OnboardingStage.Failed, OnboardingStage.Offboarded,
             OnboardingStage.Degraded, OnboardingStage.Disconnected, OnboardingStage.EndpointMissing],
            commented);
        Assert.All(commented.Where(s => s is not OnboardingStage.Ready and not OnboardingStage.AwaitingApproval and not OnboardingStage.Cancelled and not OnboardingStage.Offboarded),
            s => Assert.Contains("Fix:", sut.TemplateFor(s), StringComparison.Ordinal));
    }

    [Fact]
    public void Render_EveryPlaceholder_ReplacedFromTheEvent()
    {
        DestinationEvent destinationEvent = TicketCommentEventSinkTests.Event("SUP-1234", OnboardingStage.Ready, "5432: TLS Tls13");

        string sut = CommentTemplate.Render("{DestinationId}|{TicketId}|{Stage}|{Detail}|{EndpointName}|{PrivateIpAddresses}", destinationEvent);

        Assert.Equal("dst-1|SUP-1234|Ready|5432: TLS Tls13|pe-onboard-zd-35436|10.0.0.4", sut);
    }

    [Fact]
    public void Render_LakeWithTwoEndpoints_NamesBothAndEachAddressWithItsSubresource()
    {
        DestinationEvent one = TicketCommentEventSinkTests.Event("SUP-1234", OnboardingStage.Ready, "443: TLS Tls13");
        PrivateEndpointInfo dfs = one.Endpoint! with { Name = "pe-onboard-lake", PrivateIpAddresses = ["10.0.0.4"] };
        PrivateEndpointInfo blob = one.Endpoint! with { Name = "pe-onboard-lake-blob", PrivateIpAddresses = ["10.0.0.5"] };
        DestinationEvent lake = one with
        {
            Endpoint = dfs,
            Endpoints = [new DestinationEndpoint(dfs.Name, "dfs", "lake1.dfs.core.windows.net", dfs, null), new DestinationEndpoint(blob.Name, "blob", "lake1.blob.core.windows.net", blob, null)],
        };

        string sut = CommentTemplate.Render("{EndpointName}|{PrivateIpAddresses}", lake);

        Assert.Equal("pe-onboard-lake and pe-onboard-lake-blob|10.0.0.4 (dfs), 10.0.0.5 (blob)", sut);
    }

    [Fact]
    public void Render_NoEndpoint_RendersEmpty()
    {
        DestinationEvent destinationEvent = TicketCommentEventSinkTests.Event("SUP-1234", OnboardingStage.Failed, "boom") with { Endpoint = null };

        string sut = CommentTemplate.Render("[{EndpointName}] {Detail}", destinationEvent);

        Assert.Equal("[] boom", sut);
    }

    [Fact]
    public void Render_HugeDetail_CutToTheLimit()
    {
        DestinationEvent destinationEvent = TicketCommentEventSinkTests.Event("SUP-1234", OnboardingStage.Failed, new string('x', 20_000));

        string sut = CommentTemplate.Render("{Detail}", destinationEvent);

        Assert.Equal(CommentTemplate.MaxCommentLength, sut.Length);
        Assert.EndsWith("…", sut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("35436", true, TicketSystem.Zendesk)]
    [InlineData("SUP-1234", true, TicketSystem.Jira)]
    [InlineData("AB_2-7", true, TicketSystem.Jira)]
    [InlineData("sup-1234", false, TicketSystem.Zendesk)]
    [InlineData("SUP-0", false, TicketSystem.Zendesk)]
    [InlineData("0123", false, TicketSystem.Zendesk)]
    [InlineData("12/../34", false, TicketSystem.Zendesk)]
    [InlineData("", false, TicketSystem.Zendesk)]
    [InlineData(null, false, TicketSystem.Zendesk)]
    public void TryGetSystem_TicketIdShape_DecidesTheSystem(string? ticketId, bool recognised, TicketSystem expected)
    {
        bool sut = TicketIds.TryGetSystem(ticketId, out TicketSystem system);

        Assert.Equal(recognised, sut);
        Assert.Equal(expected, system);
    }

    [Fact]
    public void AddTicketComments_NothingConfigured_RegistersOnlyDisabledSinks()
    {
        using ServiceProvider sut = Provider([]);

        IDestinationEventSink[] sinks = [.. sut.GetServices<IDestinationEventSink>()];

        Assert.Equal(2, sinks.Length);
        Assert.All(sinks, s => Assert.Same(DisabledEventSink.Instance, s));
    }

    [Fact]
    public void AddTicketComments_JiraConfigured_RegistersAJiraSink()
    {
        using ServiceProvider sut = Provider(new()
        {
            ["Tickets:Jira:BaseUrl"] = "https://example.atlassian.net",
            ["Tickets:Jira:Email"] = "agent@example.com",
            ["Tickets:Jira:ApiToken"] = "token",
        });

        IDestinationEventSink[] sinks = [.. sut.GetServices<IDestinationEventSink>()];

        Assert.Equal(TicketSystem.Jira, Assert.IsType<TicketCommentEventSink>(Assert.Single(sinks, s => s != DisabledEventSink.Instance)).System);
    }

    [Fact]
    public void AddTicketComments_CalledTwice_RegistersSinksOnce()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging();

        services.AddTicketComments();
        services.AddTicketComments();

        Assert.Equal(2, services.Count(d => d.ServiceType == typeof(IDestinationEventSink)));
    }

    [Fact]
    public void AddTicketComments_UnknownPlaceholder_FailsValidationNamingIt()
    {
        using ServiceProvider sut = Provider(new() { ["Tickets:Comments:Ready"] = "{DestinationId} is ready on {Hostname}" });

        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => sut.GetRequiredService<IOptions<TicketCommentOptions>>().Value);

        Assert.Contains("{Hostname}", ex.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddTicketComments();
        return services.BuildServiceProvider();
    }
}
