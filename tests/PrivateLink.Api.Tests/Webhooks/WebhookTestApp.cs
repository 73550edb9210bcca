using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PrivateLink.Api.Inbound.Webhooks;
using PrivateLink.SupportMatrix;

namespace PrivateLink.Api.Tests.Webhooks;

/// <summary>A minimal app on TestServer that maps only the webhook routes, over a recording Durable client and a fake clock.</summary>
internal sealed class WebhookTestApp : IAsyncDisposable
{
    public const string GenericSecret = TestSignatures.GenericSecret;
    public const string ZendeskSecret = TestSignatures.ZendeskSecret;
    public const string JiraSecret = TestSignatures.JiraSecret;

    private WebhookTestApp(WebApplication app, RecordingDurableTaskClient client, FakeTimeProvider time)
    {
        App = app;
        Client = client;
        Time = time;
        Http = app.GetTestClient();
    }

    public WebApplication App { get; }

    public RecordingDurableTaskClient Client { get; }

    public FakeTimeProvider Time { get; }

    public HttpClient Http { get; }

    public static async Task<WebhookTestApp> StartAsync(IDictionary<string, string?>? settings = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        var configuration = new Dictionary<string, string?>
        {
            ["Webhooks:Generic:SigningSecret"] = GenericSecret,
            ["Webhooks:Zendesk:SigningSecret"] = ZendeskSecret,
            ["Webhooks:Zendesk:Fields:DestinationType"] = "360001",
            ["Webhooks:Zendesk:Fields:TargetResourceId"] = "360002",
            ["Webhooks:Zendesk:Fields:HostName"] = "360003",
            ["Webhooks:Zendesk:Fields:Ports"] = "360004",
            ["Webhooks:Jira:Secret"] = JiraSecret,
            ["Webhooks:Jira:StartOnStatus"] = "Ready for onboarding",
            ["Webhooks:Jira:Fields:DestinationType"] = "customfield_10050",
            ["Webhooks:Jira:Fields:TargetResourceId"] = "customfield_10051",
            ["Webhooks:Jira:Fields:HostName"] = "customfield_10052",
            ["Webhooks:Jira:Fields:Ports"] = "customfield_10053",
        };
        foreach ((string key, string? value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        var client = new RecordingDurableTaskClient();
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        builder.Services.AddSingleton<DurableTaskClient>(client);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddOnboardingApi();
        builder.Services.AddOnboardingServiceOverRegisteredClient();
        builder.Services.AddTicketWebhooks();
        WebApplication app = builder.Build();
        app.UseExceptionHandler();
        app.UseRateLimiter();
        app.MapTicketWebhooks();
        await app.StartAsync();
        return new WebhookTestApp(app, client, time);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.DisposeAsync();
    }
}
