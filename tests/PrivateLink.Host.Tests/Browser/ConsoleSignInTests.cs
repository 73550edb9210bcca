using System.Security.Cryptography;
using OpenQA.Selenium;
using PrivateLink.Api.Security;
using PrivateLink.TestIdentity;

namespace PrivateLink.Host.Tests.Browser;

/// <summary>The console signs in through the OpenID provider's own page (authorization code + PKCE), shows who is signed in, and hides what the roles do not allow.</summary>
public sealed class ConsoleSignInTests : IClassFixture<ConsoleRunnerFixture>, IDisposable
{
    private readonly ConsoleRunnerFixture _runner;
    private readonly TestIdentityProvider _identity;
    private readonly ChromiumBrowser _sut;

    public ConsoleSignInTests(ConsoleRunnerFixture runner)
    {
        _runner = runner;
        _identity = TestIdentityProvider.SharedAsync().GetAwaiter().GetResult();
        string pin = Convert.ToBase64String(SHA256.HashData(_identity.ServerCertificate.PublicKey.ExportSubjectPublicKeyInfo()));
        _sut = ChromiumBrowser.Start(pinnedServerKeys: [pin]);
    }

    [BrowserFact]
    public async Task SignIn_ThroughProviderPage_ReaderSeesOnboardingsWithoutActions_OperatorSeesActions()
    {
        var redirect = new Uri(_runner.BaseAddress, "/");
        _identity.RegisterOperator("reader", new TestClient([OnboardingRoles.Read]) { DisplayName = "Reader One" }, redirect);
        _identity.RegisterOperator("operator", new TestClient([.. OnboardingRoles.All]) { DisplayName = "Operator Two" }, redirect);
        await _runner.SubmitAsync("console-signin-01", "SUP-301");

        // Signed out: no data, a sign-in button.
        _sut.Driver.Navigate().GoToUrl(_runner.ConsoleUrl("/onboardings/console-signin-01"));
        _sut.WaitUntil(d => d.FindElement(By.Id("sign-in")).Displayed, "sign-in button shown while signed out");
        Assert.Equal("not signed in", _sut.Driver.FindElement(By.Id("who")).Text);

        SignIn("reader");
        _sut.WaitUntil(d => d.FindElement(By.Id("who")).Text.Contains("Reader One", StringComparison.Ordinal), "who is signed in");
        Assert.Contains(OnboardingRoles.Read, _sut.Driver.FindElement(By.Id("who")).Text, StringComparison.Ordinal);
        Assert.EndsWith("#/onboardings/console-signin-01", _sut.Driver.Url, StringComparison.Ordinal);
        _sut.WaitUntil(d => d.FindElement(By.Id("detail-title")).Text == "console-signin-01", "the detail loads with the reader's token");
        Assert.All(_sut.Driver.FindElements(By.CssSelector("#detail-view button[data-action]")), b => Assert.False(b.Displayed, $"{b.GetAttribute("id")} shown to a reader"));

        _sut.Driver.FindElement(By.Id("sign-out")).Click();
        _sut.WaitUntil(d => d.FindElement(By.Id("sign-in")).Displayed, "signed out");
        SignIn("operator");
        _sut.WaitUntil(d => d.FindElement(By.Id("who")).Text.Contains("Operator Two", StringComparison.Ordinal), "operator signed in");
        _sut.WaitUntil(d => d.FindElement(By.Id("action-cancel")).Displayed && d.FindElement(By.Id("action-offboard")).Displayed, "operator sees the actions");
    }

    public void Dispose() => _sut.Dispose();

    private void SignIn(string userName)
    {
        _sut.Driver.FindElement(By.Id("sign-in")).Click();
        _sut.WaitUntil(d => d.Url.StartsWith(_identity.Issuer.ToString(), StringComparison.Ordinal) && d.FindElements(By.Id("username")).Count == 1, "the provider's sign-in page");
        _sut.Driver.FindElement(By.Id("username")).SendKeys(userName);
        _sut.Driver.FindElement(By.Id("submit")).Click();
        _sut.WaitUntil(d => d.Url.StartsWith(_runner.BaseAddress.ToString(), StringComparison.Ordinal) && !d.Url.Contains("code=", StringComparison.Ordinal), "back on the console without the code in the address");
    }
}
