using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using PrivateLink.Api.Security;
using PrivateLink.Api.Tests.Http;
using PrivateLink.Host;
using PrivateLink.Onboarding;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;
using PrivateLink.TestIdentity;

namespace PrivateLink.Api.Tests.Security;

/// <summary>Audit of commands through the API, rate limits, development-only switches and host filtering of the runner.</summary>
public sealed class RunnerHardeningTests(RunnerFactory factory) : IClassFixture<RunnerFactory>
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    public static TheoryData<string, string> DevelopmentOnly => new()
    {
        { "ArmEmulator:Enabled", "true" },
        { "Arm:UseEmulatorCredential", "true" },
        { "Arm:TrustedServerCertificateThumbprint", new string('A', 64) },
        { "Authentication:DevelopmentIssuer", "true" },
        { "Callbacks:AllowLoopback", "true" },
        { "ServiceBus:ConnectionString", "Endpoint=sb://127.0.0.1:5672;UseDevelopmentEmulator=true" },
    };

    [Theory]
    [MemberData(nameof(DevelopmentOnly))]
    public async Task StartUp_DevelopmentOnlySettingOutsideDevelopment_FailsNamingTheSetting(string key, string value)
    {
        foreach (string environment in new[] { "Production", "Staging", "Testing" })
        {
            OptionsValidationException refused = await Assert.ThrowsAsync<OptionsValidationException>(() => RunnerApp.BuildAsync(["--environment", environment], builder =>
            {
                builder.WebHost.UseUrls("http://127.0.0.1:0");
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [key] = value, ["ArmEmulator:Enabled"] = key == "ArmEmulator:Enabled" ? value : "false" });
            }));
            // Every refusal at once, each naming its setting: this one, and the durable backend the test does not set.
            Assert.Collection(
                refused.Failures,
                failure => Assert.StartsWith(key + " is a development-only setting", failure, StringComparison.Ordinal),
                failure => Assert.StartsWith("DurableTask:StorageConnectionString or DurableTask:StorageAccountName is required", failure, StringComparison.Ordinal));
            Assert.Contains(environment, refused.Failures.First(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task StartUp_NoDurableBackendOutsideDevelopment_FailsNamingBothSettings()
    {
        foreach (string environment in new[] { "Production", "Staging", "Testing" })
        {
            OptionsValidationException refused = await Assert.ThrowsAsync<OptionsValidationException>(() => RunnerApp.BuildAsync(["--environment", environment], builder =>
            {
                builder.WebHost.UseUrls("http://127.0.0.1:0");
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(ArmTestSettings.Required) { ["ArmEmulator:Enabled"] = "false" });
            }));
            string failure = Assert.Single(refused.Failures);
            Assert.StartsWith("DurableTask:StorageConnectionString or DurableTask:StorageAccountName is required in environment '" + environment + "'", failure, StringComparison.Ordinal);
            Assert.Contains("in-memory engine", failure, StringComparison.Ordinal);
        }

        // The account name alone is enough: it is how a managed identity reaches the storage account.
        await using WebApplication named = await RunnerApp.BuildAsync(["--environment", "Production"], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(ArmTestSettings.Required) { ["ArmEmulator:Enabled"] = "false", ["DurableTask:StorageAccountName"] = "stonboarding" });
        });
        Assert.Equal("Production", named.Environment.EnvironmentName);
    }

    [Fact]
    public async Task StartUp_DevelopmentOnlySettingsInDevelopment_AreAccepted()
    {
        await using WebApplication app = await RunnerApp.BuildAsync(["--environment", "Development"], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ArmEmulator:Enabled"] = "true", ["Arm:UseEmulatorCredential"] = "true", ["Authentication:DevelopmentIssuer"] = "true",
            });
        });
        Assert.True(app.Environment.EnvironmentName == "Development");
    }

    [Fact]
    public void AppSettings_AllowedHosts_IsNotAWildcardOutsideDevelopment()
    {
        JsonObject production = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "appsettings.json")))!.AsObject();
        string allowed = production["AllowedHosts"]!.GetValue<string>();
        Assert.DoesNotContain("*", allowed, StringComparison.Ordinal);
        Assert.Contains("localhost", allowed.Split(';'));
    }

    [Fact]
    public async Task Commands_RecordTheCallerOnTheTimeline()
    {
        string submitter = await factory.Identity.GetTokenAsync(new TestClient([OnboardingRoles.Submit, OnboardingRoles.Read]) { ObjectId = "aaaaaaaa-0000-0000-0000-000000000001", DisplayName = "Submitter" });
        string canceller = await factory.Identity.GetTokenAsync(new TestClient([OnboardingRoles.Operate]) { ObjectId = "aaaaaaaa-0000-0000-0000-000000000002", DisplayName = "Canceller" });
        using HttpClient http = factory.CreateClient();
        var body = new JsonObject
        {
            ["destinationId"] = "audit-api-1", ["destinationType"] = "AzureDataLakeStorage", ["targetResourceId"] = RunnerFactory.StorageTarget,
            ["hostName"] = "lake1.dfs.core.windows.net", ["ticketId"] = "SUP-9", ["approvalTimeout"] = "PT1H",
        };
        using HttpResponseMessage submitted = await SendAsync(http, HttpMethod.Post, "/api/onboardings", submitter, body);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        await WaitAsync(http, submitter, v => v.Stage == OnboardingStage.AwaitingApproval);
        using HttpResponseMessage cancel = await SendAsync(http, HttpMethod.Post, "/api/onboardings/audit-api-1/cancel", canceller, null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        OnboardingView done = await WaitAsync(http, submitter, v => v.Stage == OnboardingStage.Cancelled);

        StageEntry validating = done.Timeline.Single(t => t.Stage == OnboardingStage.Validating);
        StageEntry cancelled = done.Timeline.Single(t => t.Stage == OnboardingStage.Cancelled);
        Assert.Equal(("aaaaaaaa-0000-0000-0000-000000000001", "Submitter"), (validating.Actor!.ObjectId, validating.Actor.DisplayName));
        Assert.Equal(("aaaaaaaa-0000-0000-0000-000000000002", "Canceller"), (cancelled.Actor!.ObjectId, cancelled.Actor.DisplayName));
        Assert.StartsWith("client-", cancelled.Actor.AppId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApprovalNotices_ToOneDestination_AreLimitedWith429ProblemAndRetryAfter()
    {
        using HttpClient http = factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (int i = 0; i < 25 && limited is null; i++)
        {
            HttpResponseMessage response = await http.PostAsync("/api/onboardings/rl-dest-1/approval", null, _timeout.Token);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.NotNull(limited);
        using (limited)
        {
            Assert.Equal(20, statuses.Count(s => s == HttpStatusCode.NotFound));
            Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
            Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 60);
        }

        // Another destination has its own budget.
        using HttpResponseMessage other = await http.PostAsync("/api/onboardings/rl-dest-2/approval", null, _timeout.Token);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task Reads_PerCaller_AreLimitedAndOtherCallersAreNot()
    {
        await using RunnerFactory limited = await factory.WithSettingsAsync(new Dictionary<string, string?> { ["RateLimiting:ReadsPerCallerPerMinute"] = "3" });
        using HttpClient first = limited.CreateClient();
        var codes = new List<HttpStatusCode>();
        for (int i = 0; i < 4; i++)
        {
            using HttpResponseMessage response = await first.GetAsync("/api/onboardings/rl-read-1", _timeout.Token);
            codes.Add(response.StatusCode);
        }

        using HttpClient second = limited.CreateClient();
        using HttpResponseMessage others = await second.GetAsync("/api/onboardings/rl-read-1", _timeout.Token);

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], codes);
        Assert.Equal(HttpStatusCode.NotFound, others.StatusCode);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string token, JsonObject? body)
    {
        var request = new HttpRequestMessage(method, path)
        {
            Content = body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http.SendAsync(request);
    }

    private async Task<OnboardingView> WaitAsync(HttpClient http, string token, Func<OnboardingView, bool> condition)
    {
        while (true)
        {
            using HttpResponseMessage response = await SendAsync(http, HttpMethod.Get, "/api/onboardings/audit-api-1", token, null);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                OnboardingView view = (await response.Content.ReadFromJsonAsync<OnboardingView>(OnboardingJson.Options, _timeout.Token))!;
                if (condition(view) && (!view.Stage.IsTerminal() || view.RuntimeStatus == "Completed"))
                {
                    return view;
                }
            }

            await Task.Delay(50, _timeout.Token);
        }
    }
}
