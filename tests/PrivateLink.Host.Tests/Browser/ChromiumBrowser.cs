using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace PrivateLink.Host.Tests.Browser;

/// <summary>Debian's headless Chromium driven through its own chromedriver (nothing downloaded), kept on loopback: every outside lookup is mapped away.</summary>
internal sealed class ChromiumBrowser : IDisposable
{
    public const string DriverDirectory = "/usr/bin";
    public const string DriverExecutable = "chromedriver";
    public const string BrowserPath = "/usr/bin/chromium";

    private readonly ChromeDriverService _service;
    private readonly string _tempDirectory;

    private ChromiumBrowser(ChromeDriverService service, ChromeDriver driver, string tempDirectory)
    {
        _service = service;
        Driver = driver;
        _tempDirectory = tempDirectory;
    }

    public static bool IsInstalled => File.Exists(BrowserPath) && File.Exists(Path.Combine(DriverDirectory, DriverExecutable));

    public ChromeDriver Driver { get; }

    /// <summary>Starts Chromium and its driver.</summary>
    /// <param name="width">The window width.</param>
    /// <param name="height">The window height.</param>
    /// <param name="pinnedServerKeys">SHA-256 hashes (base64) of the public keys of loopback TLS servers the page may visit (the test OpenID provider); only those keys are accepted beside the system roots.</param>
    public static ChromiumBrowser Start(int width = 1280, int height = 900, IReadOnlyList<string>? pinnedServerKeys = null)
    {
        if (!IsInstalled)
        {
            throw new InvalidOperationException($"{BrowserPath} or {DriverDirectory}/{DriverExecutable} is missing: run `bash scripts/services/chromium.sh install` (test.sh does).");
        }

        string temp = Directory.CreateTempSubdirectory("privatelink-browser-").FullName;
        ChromeDriverService service = ChromeDriverService.CreateDefaultService(DriverDirectory, DriverExecutable);
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;

        // Each launch leaves org.chromium.Chromium.* in TMPDIR: give the driver (and the browser it starts) the test's own folder.
        service.DriverProcessStarting += (_, e) => e.DriverServiceProcessStartInfo.Environment["TMPDIR"] = temp;

        var options = new ChromeOptions { BinaryLocation = BrowserPath };
        options.AddArguments(
            "--headless=new",
            "--no-sandbox",
            "--disable-dev-shm-usage",
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-default-apps",
            "--disable-extensions",
            $"--user-data-dir={Path.Combine(temp, "profile")}",
            $"--window-size={width},{height}");
        if (pinnedServerKeys is { Count: > 0 })
        {
            options.AddArgument("--ignore-certificate-errors-spki-list=" + string.Join(",", pinnedServerKeys));
        }

        try
        {
            return new ChromiumBrowser(service, new ChromeDriver(service, options, TimeSpan.FromSeconds(30)), temp);
        }
        catch
        {
            service.Dispose();
            throw;
        }
    }

    /// <summary>Waits for a DOM condition (never a fixed sleep).</summary>
    /// <typeparam name="T">The type of the condition's value.</typeparam>
    public T WaitUntil<T>(Func<IWebDriver, T> condition, string what, double seconds = 20)
    {
        var wait = new WebDriverWait(Driver, TimeSpan.FromSeconds(seconds)) { PollingInterval = TimeSpan.FromMilliseconds(50), Message = what };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        return wait.Until(condition);
    }

    public object? Script(string script, params object[] args) => Driver.ExecuteScript(script, args);

    public void Dispose()
    {
        try
        {
            Driver.Quit();
        }
        finally
        {
            Driver.Dispose();
            _service.Dispose();
            try
            {
                Directory.Delete(_tempDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Chromium may still be releasing its profile; the folder is under the temp directory anyway.
            }
        }
    }
}
