namespace PrivateLink.Host.Tests.Browser;

/// <summary>A browser test: skipped on a developer machine without Chromium, but run (and failing) when <c>CI=true</c>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        bool ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!ChromiumBrowser.IsInstalled && !ci)
        {
            Skip = $"{ChromiumBrowser.BrowserPath} or its chromedriver is not installed (bash scripts/services/chromium.sh install); with CI=true this test fails instead.";
        }
    }
}
