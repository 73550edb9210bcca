using System.Text.RegularExpressions;
using PrivateLink.Functions.Tests.Support;

namespace PrivateLink.Functions.Tests;

/// <summary>
/// Every log message of product code has one form, <c>[LoggerMessage(EventId = N, Level = LogLevel.X, Message = "...")]</c>, with an id
/// that no other message has and that lies in the range docs/logging.md gives the file declaring it.
/// </summary>
public sealed partial class LoggingConventionsTests
{
    private static readonly string Source = Path.Combine(Repository.Root, "src");

    [Fact]
    public void LoggerMessages_AllUseTheNamedFormWithALiteralId()
    {
        List<string> others = [.. Attributes().Where(a => !NamedForm().IsMatch(a.Text)).Select(a => $"{a.File}: {a.Text}")];

        Assert.True(others.Count == 0, "Not in the form [LoggerMessage(EventId = N, Level = LogLevel.X, Message = ...)]:\n" + string.Join('\n', others));
    }

    [Fact]
    public void LoggerMessages_EventIdsAreUnique()
    {
        List<string> repeated = [.. Messages().GroupBy(m => m.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.File))}")];

        Assert.True(repeated.Count == 0, "Event ids used more than once:\n" + string.Join('\n', repeated));
    }

    [Fact]
    public void LoggerMessages_EventIdsLieInTheRangeOfTheirFile()
    {
        IReadOnlyList<IdRange> ranges = Ranges();

        List<string> misplaced = [.. Messages()
            .Where(m => !ranges.Any(r => m.Id >= r.First && m.Id <= r.Last && (r.File is null || r.File == m.File)))
            .Select(m => $"{m.File}: {m.Id}")];

        Assert.NotEmpty(ranges);
        Assert.True(misplaced.Count == 0, "Event ids outside the range docs/logging.md gives their file:\n" + string.Join('\n', misplaced));
    }

    private static IEnumerable<(string File, string Text)> Attributes() =>
        Directory.EnumerateFiles(Source, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(path => AttributeText().Matches(File.ReadAllText(path))
                .Select(match => (Path.GetRelativePath(Repository.Root, path).Replace('\\', '/'), match.Value)));

    private static IEnumerable<(string File, int Id)> Messages() =>
        Attributes().Select(a => (a.File, Match: LiteralId().Match(a.Text))).Where(a => a.Match.Success)
            .Select(a => (a.File, int.Parse(a.Match.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture)));

    // Rows of the table in docs/logging.md: | 1000–1099 | what | `src/.../Log.cs` |; a row without a file holds ids for any file.
    private static List<IdRange> Ranges() =>
        [.. File.ReadLines(Path.Combine(Repository.Root, "docs", "logging.md"))
            .Select(line => TableRow().Match(line))
            .Where(match => match.Success)
            .Select(match => new IdRange(
                int.Parse(match.Groups["first"].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(match.Groups["last"].Value, System.Globalization.CultureInfo.InvariantCulture),
                match.Groups["file"].Success ? match.Groups["file"].Value : null))];

    [GeneratedRegex(@"\[LoggerMessage\((?:[^""\]]|""(?:[^""\\]|\\.)*"")*\)\]")]
    private static partial Regex AttributeText();

    [GeneratedRegex(@"^\[LoggerMessage\(EventId = (?<id>\d+), Level = LogLevel\.\w+,\s+Message = """)]
    private static partial Regex NamedForm();

    // The id in either the named or the positional form, so ranges and repeats are checked whatever the form.
    [GeneratedRegex(@"^\[LoggerMessage\((?:EventId = )?(?<id>\d+)\s*,")]
    private static partial Regex LiteralId();

    [GeneratedRegex(@"^\|\s*(?<first>\d{4})[–-](?<last>\d{4})\s*\|[^|]*\|\s*(?:`(?<file>[^`]+)`)?\s*\|\s*$")]
    private static partial Regex TableRow();

    private sealed record IdRange(int First, int Last, string? File);
}
