using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace PrivateLink.Api;

/// <summary>
/// How a host process (the runner, the Functions worker) ends, so a supervisor can tell why from its exit code: 0 when it was
/// asked to stop, <see cref="ConfigurationExitCode"/> when it refused its settings, <see cref="FaultExitCode"/> when a background
/// service failed and stopped it.
/// </summary>
/// <remarks>
/// <para>
/// A refusal writes every failure on its own line on standard error instead of an unhandled exception (exit 134, a stack trace, a
/// core dump where enabled). Configuration failures are the options validation failures (<c>ValidateOnStart</c> gathers every
/// section's into one <see cref="AggregateException"/>) and <see cref="Security.DevelopmentOnlySettings"/>' refusals. Any other
/// exception at start-up is a fault, not a setting to fix, and still ends the process unhandled with its stack trace.
/// </para>
/// <para>
/// A background service that throws stops the host (<c>BackgroundServiceExceptionBehavior.StopHost</c>), which then returns from
/// <c>Run</c> as if asked to stop: the process would exit 0 (dotnet/runtime#67146), and a supervisor that restarts on failure
/// would leave the runner down. <see cref="RunAsync"/> turns that into <see cref="FaultExitCode"/>, naming the failed service.
/// </para>
/// </remarks>
public static partial class HostExit
{
    /// <summary>The exit code of a refusal: <c>EX_CONFIG</c> (sysexits.h), so a supervisor can tell "fix the settings" from a crash.</summary>
    public const int ConfigurationExitCode = 78;

    /// <summary>The exit code after a background service failed and stopped the host: <c>EX_SOFTWARE</c> (sysexits.h).</summary>
    public const int FaultExitCode = 70;

    /// <summary>Builds, validates, starts and runs a host until it stops, and returns the process's exit code.</summary>
    /// <remarks>
    /// Every options section is validated at once before the host resolves its services (the runner's Durable Task worker reads the
    /// engine's options while being resolved, which would otherwise report that section alone). The host is started and awaited
    /// rather than run: <c>Run</c> disposes it, and the exit code needs its services.
    /// </remarks>
    /// <param name="host">What runs (<c>The runner</c>, <c>The Functions worker</c>), for the messages.</param>
    /// <param name="build">Builds the host; it may refuse its settings by throwing (<see cref="ConfigurationFailuresOf"/>).</param>
    /// <param name="error">Where refusals and faults are written (standard error).</param>
    /// <returns>0, <see cref="ConfigurationExitCode"/> or <see cref="FaultExitCode"/>.</returns>
    public static async Task<int> RunAsync(string host, Func<Task<IHost>> build, TextWriter error)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            IHost app = await build().ConfigureAwait(false);
            try
            {
                app.Services.GetRequiredService<IStartupValidator>().Validate();
                await app.StartAsync().ConfigureAwait(false);
                await app.WaitForShutdownAsync().ConfigureAwait(false);
                return AfterRun(app.Services, host, error);
            }
            finally
            {
                if (app is IAsyncDisposable asynchronous)
                {
                    await asynchronous.DisposeAsync().ConfigureAwait(false);
                }
                else
                {
                    app.Dispose();
                }
            }
        }
        catch (Exception ex) when (ConfigurationFailuresOf(ex) is { Count: > 0 } failures)
        {
            WriteRefusal(host, failures, error);
            return ConfigurationExitCode;
        }
    }

    /// <summary>Gets every configuration failure <paramref name="exception"/> carries.</summary>
    /// <param name="exception">What start-up threw.</param>
    /// <returns>The failures, each naming its setting; empty when the exception is not a configuration failure.</returns>
    public static IReadOnlyList<string> ConfigurationFailuresOf(Exception exception) => exception switch
    {
        OptionsValidationException options => [.. options.Failures.Select(failure => NamingTheSetting(failure, options.OptionsType))],
        AggregateException aggregate when aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(e => e is OptionsValidationException) =>
            [.. aggregate.InnerExceptions.SelectMany(ConfigurationFailuresOf)],
        _ => [],
    };

    /// <summary>Rewrites a data-annotation failure to name the setting as configuration spells it (<c>Arm:ResourceGroup</c>).</summary>
    /// <remarks>Presentation only: a failure in any other form, or of an options type without a <c>SectionName</c>, is kept as it is.</remarks>
    /// <param name="failure">The failure as the options validation wrote it.</param>
    /// <param name="optionsType">The options type, whose <c>SectionName</c> constant names its configuration section.</param>
    /// <returns>The failure.</returns>
    private static string NamingTheSetting(string failure, Type optionsType)
    {
        Match match = DataAnnotationFailure().Match(failure);
        if (!match.Success || optionsType.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is not string section)
        {
            return failure;
        }

        string keys = string.Join(", ", match.Groups["members"].Value.Split(',').Select(member => $"{section}:{member}"));
        string error = match.Groups["error"].Value;
        return error.StartsWith(keys, StringComparison.Ordinal) ? error : $"{keys}: {error}";
    }

    /// <summary>Writes the refusal.</summary>
    /// <param name="host">What did not start (<c>The runner</c>, <c>The Functions worker</c>).</param>
    /// <param name="failures">The failures from <see cref="ConfigurationFailuresOf"/>.</param>
    /// <param name="error">Where to write (standard error).</param>
    private static void WriteRefusal(string host, IReadOnlyList<string> failures, TextWriter error)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentNullException.ThrowIfNull(failures);
        ArgumentNullException.ThrowIfNull(error);
        error.WriteLine($"{host} did not start: {failures.Count} configuration {(failures.Count == 1 ? "setting needs" : "settings need")} fixing.");
        foreach (string failure in failures)
        {
            error.WriteLine($"  - {failure}");
        }
    }

    /// <summary>Gets the exit code once the host has stopped: <see cref="FaultExitCode"/>, each failed service named on standard error, when a background service failed; else 0.</summary>
    /// <param name="services">The stopped host's services (not yet disposed).</param>
    /// <param name="host">What stopped (<c>The runner</c>, <c>The Functions worker</c>).</param>
    /// <param name="error">Where to write (standard error).</param>
    /// <returns>The exit code.</returns>
    private static int AfterRun(IServiceProvider services, string host, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentNullException.ThrowIfNull(error);
        BackgroundService[] failed = [.. services.GetServices<IHostedService>().OfType<BackgroundService>().Where(s => s.ExecuteTask is { IsFaulted: true })];
        foreach (BackgroundService service in failed)
        {
            error.WriteLine($"{host} stopped: {service.GetType().Name} failed: {service.ExecuteTask!.Exception!.GetBaseException().Message}");
        }

        return failed.Length > 0 ? FaultExitCode : 0;
    }

    // The form Microsoft.Extensions.Options.DataAnnotations writes: "DataAnnotation validation failed for '{type}' members: '{m1,m2}' with the error: '{message}'."
    [GeneratedRegex(@"^DataAnnotation validation failed for '[^']*' members: '(?<members>[^']+)' with the error: '(?<error>.*)'\.$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotationFailure();
}
