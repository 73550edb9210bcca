using System.Drawing;
using System.Net;
using System.Net.Http.Json;
using OpenQA.Selenium;
using PrivateLink.Onboarding.Model;
using PrivateLink.SupportMatrix;

namespace PrivateLink.Host.Tests.Browser;

/// <summary>The operator console in a real headless Chromium against the real runner, driven only through the public API.</summary>
public sealed class OperatorConsoleTests : IClassFixture<ConsoleRunnerFixture>, IDisposable
{
    private readonly ConsoleRunnerFixture _runner;
    private readonly ChromiumBrowser _sut;

    public OperatorConsoleTests(ConsoleRunnerFixture runner)
    {
        _runner = runner;
        _sut = ChromiumBrowser.Start();
    }

    [BrowserFact]
    public async Task List_OnboardingsStartedThroughApi_AreListedWithCountsAndFilters()
    {
        await _runner.SubmitAsync("console-list-lake", "SUP-101");
        await _runner.SubmitAsync("console-list-pg", "SUP-102", DestinationType.AzurePostgreSql,
            "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-customer-data/providers/Microsoft.DBforPostgreSQL/flexibleServers/missing");

        _runner.OpenConsole(_sut);

        WaitRowStage("console-list-lake", "AwaitingApproval");
        WaitRowStage("console-list-pg", "ValidationFailed");
        IWebElement lake = Row("console-list-lake");
        Assert.Equal("SUP-101", Cell(lake, "Ticket"));
        Assert.Equal("Azure Data Lake Storage", Cell(lake, "Type"));
        Assert.Equal("Pending", Cell(lake, "Endpoint"));
        Assert.Matches(@"^\d+ (s|min)$", Cell(lake, "Time in stage"));
        Assert.True(StageCount("AwaitingApproval") >= 1);
        Assert.True(StageCount("ValidationFailed") >= 1);

        Choose("filter-type", nameof(DestinationType.AzurePostgreSql));
        _sut.WaitUntil(_ => Rows().Contains("console-list-pg") && !Rows().Contains("console-list-lake"), "type filter keeps only the PostgreSQL onboarding");
        Choose("filter-type", string.Empty);
        _sut.Driver.FindElement(By.Id("filter-text")).SendKeys("sup-101");
        _sut.WaitUntil(_ => Rows().SequenceEqual(["console-list-lake"]), "search by ticket keeps only the lake onboarding");
        _sut.Driver.FindElement(By.Id("filter-text")).Clear();
        _sut.Driver.FindElement(By.CssSelector("#stage-counts button[data-stage='ValidationFailed']")).Click();
        _sut.WaitUntil(_ => Rows().Contains("console-list-pg") && !Rows().Contains("console-list-lake"), "stage counter filters by stage");
    }

    [BrowserFact]
    public async Task List_LakeApprovedOnOneEndpointOnly_NamesEachEndpointWithItsState()
    {
        await _runner.SubmitAsync("console-list-half", "SUP-103");
        _runner.OpenConsole(_sut);
        WaitRowStage("console-list-half", "AwaitingApproval");
        Assert.Equal("Pending", Cell(Row("console-list-half"), "Endpoint"));

        // The customer approves the blob endpoint and not yet the dfs one; the ticket system says so until the workflow has read ARM.
        Assert.True(_runner.Emulator.ApproveConnection(OnboardDestinationInput.EndpointNameFor("console-list-half"), "blob first"));
        const string expected = "blob: Approved · dfs: Pending";
        for (int notified = 0; notified < 5 && Cell(Row("console-list-half"), "Endpoint") != expected; notified++)
        {
            using HttpResponseMessage response = await _runner.Http.PostAsync("/api/onboardings/console-list-half/approval", null);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        _sut.WaitUntil(_ => Cell(Row("console-list-half"), "Endpoint") == expected, "the row names each endpoint's state");
        Assert.Equal("AwaitingApproval", Row("console-list-half").GetAttribute("data-stage"));
    }

    [BrowserFact]
    public async Task List_StageChange_AppearsWithoutReload()
    {
        await _runner.SubmitAsync("console-live-01", "SUP-201");
        _runner.OpenConsole(_sut);
        WaitRowStage("console-live-01", "AwaitingApproval");
        _sut.Script("window.__sameDocument = 'still here';");

        await _runner.ApproveAsync("console-live-01");

        WaitRowStage("console-live-01", "Ready");
        _sut.WaitUntil(_ => Cell(Row("console-live-01"), "Endpoint") == "Approved", "endpoint column shows the approval");
        Assert.Equal("still here", _sut.Script("return window.__sameDocument;"));
    }

    [BrowserFact]
    public async Task Detail_ReadyDestination_ShowsConnectivityResult()
    {
        await _runner.SubmitAsync("console-detail-01", "SUP-301");
        _runner.OpenConsole(_sut, "/onboardings/console-detail-01");
        WaitDetailStage("AwaitingApproval");

        await _runner.ApproveAsync("console-detail-01", "Approved for SUP-301");

        WaitDetailStage("Ready");
        IWebElement probe = _sut.WaitUntil(d => d.FindElement(By.CssSelector("#probes article[data-status='Succeeded']")), "a succeeded probe");
        Assert.Matches(@"^TLS 1\.[23]$", Fact(probe, "tls-version"));
        Assert.StartsWith("TLS_", Fact(probe, "cipher"));
        Assert.Equal("CN=localhost", Fact(probe, "certificate-subject"));
        Assert.Contains("PrivateLink Onboarding demo CA", Fact(probe, "certificate-issuer"));
        // The fixture's certificate is valid for one day, so the console flags it.
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(expires soon\)$", Fact(probe, "certificate-expiry"));
        Assert.Matches(@"^resolve [\d.]+ ms · connect [\d.]+ ms · negotiation [\d.]+ ms · handshake [\d.]+ ms$", Fact(probe, "timings"));

        // A data lake's blob and dfs endpoints answer on the same port: each probe names the endpoint it went through.
        string[] probed = [.. _sut.Driver.FindElements(By.CssSelector("#probes article")).Select(a => a.GetAttribute("data-endpoint") + " | " + a.FindElement(By.TagName("h4")).Text)];
        Assert.Equal(
            ["pe-onboard-console-detail-01 | blob (localhost) · Port " + _runner.DestinationPort + " · HTTPS · Succeeded", "pe-onboard-console-detail-01-dfs | dfs (localhost) · Port " + _runner.DestinationPort + " · HTTPS · Succeeded"],
            probed);
        IWebElement view = _sut.Driver.FindElement(By.Id("detail-view"));
        Assert.Equal("Approved", Fact(view, "connection-status"));
        Assert.Equal("127.0.0.1", Fact(view, "private-ip"));
        Assert.Equal("SUP-301", Fact(view, "ticket"));
        string portal = view.FindElement(By.CssSelector("dd[data-fact='resource-id'] a")).GetAttribute("href")!;
        Assert.StartsWith("https://portal.azure.com/#@/resource/subscriptions/", portal);
        Assert.EndsWith("/pe-onboard-console-detail-01", portal);
        string[] timeline = [.. _sut.Driver.FindElements(By.CssSelector("#timeline li")).Select(li => li.GetAttribute("data-stage")!)];
        Assert.Equal(["Validating", "CreatingEndpoint", "AwaitingApproval", "CheckingConnectivity", "Ready"], timeline.Distinct());
        SaveScreenshots();
    }

    [BrowserFact]
    public async Task Cancel_AwaitingApproval_CancelsThenShowsProblemDetailOnRepeat()
    {
        await _runner.SubmitAsync("console-cancel-01", "SUP-401");
        _runner.OpenConsole(_sut, "/onboardings/console-cancel-01");
        WaitDetailStage("AwaitingApproval");

        ClickAndConfirm("action-cancel");

        _sut.WaitUntil(d => d.FindElement(By.Id("action-result")).GetAttribute("data-status") == "202", "cancel answered 202");
        WaitDetailStage("Cancelled");
        Assert.False(_runner.Emulator.PrivateEndpointExists("pe-onboard-console-cancel-01"));

        ClickAndConfirm("action-cancel");

        IWebElement result = _sut.WaitUntil(d => d.FindElement(By.CssSelector("#action-result[data-status='409']")), "a repeated cancel answers 409");
        Assert.Contains("No onboarding of destination console-cancel-01 is running", result.Text);
        Assert.Contains("error", result.GetAttribute("class"));
    }

    [BrowserFact]
    public async Task Detail_DestinationIdWithHtml_IsShownAsTextAndRefusedByTheApi()
    {
        // Destination ids are validated ([a-z0-9-]), so one with HTML never reaches the workflow; it can still reach the console
        // through a crafted link, which the detail view shows (title) together with the API's problem detail.
        const string hostile = "<img src=x id=injected-id onerror=\"window.__xss='id'\">";
        using HttpResponseMessage refused = await _runner.Http.PostAsJsonAsync("/api/onboardings", new { destinationId = hostile, destinationType = "AzureDataLakeStorage", targetResourceId = _runner.StorageTargetId, hostName = "localhost" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        _runner.OpenConsole(_sut, "/onboardings/" + Uri.EscapeDataString(hostile));

        IWebElement error = _sut.WaitUntil(d => d.FindElement(By.CssSelector("#detail-error:not([hidden])")), "the API's 400 shown");
        Assert.StartsWith("400", error.Text);
        Assert.Contains("destinationId", error.Text);
        Assert.Equal(hostile, _sut.Driver.FindElement(By.Id("detail-title")).Text);
        Assert.Empty(_sut.Driver.FindElements(By.Id("injected-id")));
        Assert.Null(_sut.Script("return window.__xss;"));
    }

    [BrowserFact]
    public async Task Detail_CustomersApprovalNoteWithHtml_IsShownAsText()
    {
        // The connection description is free text the customer types when approving in the Azure portal: outside data.
        const string note = "<img src=x id=injected-note onerror=\"window.__xss='note'\"><b>ok</b> & approved";
        await _runner.SubmitAsync("console-escape-01", "SUP-501");
        _runner.OpenConsole(_sut, "/onboardings/console-escape-01");
        WaitDetailStage("AwaitingApproval");

        await _runner.ApproveAsync("console-escape-01", note);

        _sut.WaitUntil(d => Fact(d.FindElement(By.Id("endpoint")), "connection-description") == note, "the customer's note shown verbatim");
        Assert.Empty(_sut.Driver.FindElements(By.Id("injected-note")));
        Assert.Empty(_sut.Driver.FindElements(By.CssSelector("#endpoint b")));
        Assert.Null(_sut.Script("return window.__xss;"));
    }

    [BrowserFact]
    public async Task List_NarrowScreen_ShowsCardsWithoutHorizontalScroll()
    {
        await _runner.SubmitAsync("console-narrow-01", "SUP-601");
        _sut.Driver.Manage().Window.Size = new Size(390, 844);

        _runner.OpenConsole(_sut);

        WaitRowStage("console-narrow-01", "AwaitingApproval");
        Assert.Equal("grid", _sut.Script("return getComputedStyle(document.querySelector('#onboardings td')).display;"));
        Assert.Equal(true, _sut.Script("return document.documentElement.scrollWidth <= window.innerWidth;"));
    }

    public void Dispose() => _sut.Dispose();

    private IWebElement Row(string destinationId) => _sut.Driver.FindElement(By.CssSelector($"#onboardings tbody tr[data-destination-id='{destinationId}']"));

    private List<string> Rows() => [.. _sut.Driver.FindElements(By.CssSelector("#onboardings tbody tr")).Select(r => r.GetAttribute("data-destination-id")!)];

    private static string Cell(IWebElement row, string label) => row.FindElement(By.CssSelector($"td[data-label='{label}']")).Text;

    private static string Fact(ISearchContext scope, string key) => scope.FindElement(By.CssSelector($"dd[data-fact='{key}']")).Text;

    private int StageCount(string stage) =>
        int.Parse(_sut.Driver.FindElement(By.CssSelector($"#stage-counts button[data-stage='{stage}'] .count")).Text, System.Globalization.CultureInfo.InvariantCulture);

    private void WaitRowStage(string destinationId, string stage) =>
        _sut.WaitUntil(_ => Row(destinationId).GetAttribute("data-stage") == stage, $"{destinationId} listed in stage {stage}");

    private void WaitDetailStage(string stage) =>
        _sut.WaitUntil(d => d.FindElement(By.Id("detail-stage")).GetAttribute("data-stage") == stage, $"detail view in stage {stage}");

    private void Choose(string selectId, string value) =>
        _sut.Driver.FindElement(By.CssSelector($"#{selectId} option[value='{value}']")).Click();

    private void ClickAndConfirm(string buttonId)
    {
        _sut.Driver.FindElement(By.Id(buttonId)).Click();
        _sut.WaitUntil(d => d.FindElement(By.Id("confirm-yes")).Displayed, "confirmation shown");
        _sut.Driver.FindElement(By.Id("confirm-yes")).Click();
    }

    // SAVE_SCREENSHOTS=1 refreshes docs/console-detail.png and docs/console-list.png; a normal run writes nothing.
    private void SaveScreenshots()
    {
        if (Environment.GetEnvironmentVariable("SAVE_SCREENSHOTS") != "1")
        {
            return;
        }

        string docs = Path.Combine(RepositoryRoot(), "docs");
        Directory.CreateDirectory(docs);
        _sut.Driver.Manage().Window.Size = new Size(1280, 1500);
        _sut.Driver.GetScreenshot().SaveAsFile(Path.Combine(docs, "console-detail.png"));
        _sut.Driver.Manage().Window.Size = new Size(1280, 800);
        _runner.OpenConsole(_sut);
        WaitRowStage("console-detail-01", "Ready");
        _sut.Driver.GetScreenshot().SaveAsFile(Path.Combine(docs, "console-list.png"));
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Directory.Packages.props) was not found.");
    }
}
