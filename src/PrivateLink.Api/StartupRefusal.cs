using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace PrivateLink.Api;

/// <summary>
/// How a host (the runner, the Functions worker) refuses to start on bad configuration: every failure on its own line on standard error and exit code
/// <see cref="ExitCode"/>, instead of an unhandled exception (exit 134, a stack trace, a core dump where enabled).
/// </summary>
/// <remarks>
/// Configuration failures are the options validation failures (<c>ValidateOnStart</c> gathers every section's into one
/// <see cref="AggregateException"/>) and <see cref="Security.DevelopmentOnlySettings"/>' refusals. Any other exception at start-up is
/// a fault, not a setting to fix, and still ends the process unhandled with its stack trace.
/// </remarks>
public static partial class StartupRefusal
{
    /// <summary>The exit code of a refusal: <c>EX_CONFIG</c> (sysexits.h), so a supervisor can tell "fix the settings" from a crash.</summary>
    public const int ExitCode = 78;

    /// <summary>Gets every configuration failure <paramref name="exception"/> carries.</summary>
    /// <param name="exception">What start-up threw.</param>
    /// <returns>The failures, each naming its setting; empty when the exception is not a configuration failure.</returns>
    public static IReadOnlyList<string> FailuresOf(Exception exception) => exception switch
    {
        OptionsValidationException options => [.. options.Failures.Select(failure => NamingTheSetting(failure, options.OptionsType))],
        AggregateException aggregate when aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(e => e is OptionsValidationException) =>
            [.. aggregate.InnerExceptions.SelectMany(FailuresOf)],
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
    /// <param name="failures">The failures from <see cref="FailuresOf"/>.</param>
    /// <param name="error">Where to write (standard error).</param>
    public static void Write(string host, IReadOnlyList<string> failures, TextWriter error)
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

    // The form Microsoft.Extensions.Options.DataAnnotations writes: "DataAnnotation validation failed for '{type}' members: '{m1,m2}' with the error: '{message}'."
    [GeneratedRegex(@"^DataAnnotation validation failed for '[^']*' members: '(?<members>[^']+)' with the error: '(?<error>.*)'\.$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotationFailure();
}
