using System.Globalization;
using System.Text.Json;

namespace PrivateLink.Arm.Tests.Recordings;

/// <summary>One recorded ARM session (an Azure CLI test cassette excerpt), read from the shared folder, never copied into the repository.</summary>
public sealed class RecordedSession
{
    private RecordedSession(string file, IReadOnlyList<RecordedInteraction> interactions)
    {
        File = file;
        Interactions = interactions;
    }

    /// <summary>Gets the folder of the recordings: <c>PL_ARM_RECORDINGS</c>, else <c>../shared/arm-recordings</c> beside the repository; null when absent.</summary>
    public static string? Folder { get; } = Locate();

    public static string Hint => Environment.GetEnvironmentVariable("PL_ARM_RECORDINGS") ?? "../shared/arm-recordings (beside the repository root)";

    public string File { get; }

    public IReadOnlyList<RecordedInteraction> Interactions { get; }

    public static RecordedSession Load(string file)
    {
        string path = Path.Combine(Folder ?? throw new InvalidOperationException("No recordings folder."), file);
        using JsonDocument document = JsonDocument.Parse(System.IO.File.ReadAllText(path));
        var interactions = new List<RecordedInteraction>();
        int index = 0;
        foreach (JsonElement item in document.RootElement.GetProperty("interactions").EnumerateArray())
        {
            JsonElement request = item.GetProperty("request");
            JsonElement response = item.GetProperty("response");
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (response.TryGetProperty("headers", out JsonElement h) && h.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty header in h.EnumerateObject())
                {
                    headers[header.Name] = header.Value.GetString() ?? string.Empty;
                }
            }

            var absent = response.TryGetProperty("headers_absent", out JsonElement a) && a.ValueKind == JsonValueKind.Array
                ? a.EnumerateArray().Select(x => x.GetString()!).ToList()
                : [];
            DateTimeOffset? date = headers.TryGetValue("date", out string? d)
                && DateTimeOffset.TryParse(d, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset parsed) ? parsed : null;
            interactions.Add(new RecordedInteraction(
                index++,
                request.GetProperty("method").GetString()!,
                request.GetProperty("uri").GetString()!,
                request.TryGetProperty("body", out JsonElement rb) && rb.ValueKind == JsonValueKind.Object ? rb.Clone() : null,
                response.GetProperty("status").GetInt32(),
                headers,
                absent,
                response.TryGetProperty("body", out JsonElement body) && body.ValueKind is JsonValueKind.Object ? body.Clone() : null,
                date));
        }

        return new RecordedSession(file, interactions);
    }

    private static string? Locate()
    {
        string? configured = Environment.GetEnvironmentVariable("PL_ARM_RECORDINGS");
        if (!string.IsNullOrEmpty(configured))
        {
            return Directory.Exists(configured) ? configured : null;
        }

        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Functions.sln")))
            {
                string candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "arm-recordings"));
                return Directory.Exists(candidate) ? candidate : null;
            }
        }

        return null;
    }
}

/// <summary>One request and its recorded answer.</summary>
public sealed record RecordedInteraction(
    int Index,
    string Method,
    string Uri,
    JsonElement? RequestBody,
    int Status,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyList<string> HeadersAbsent,
    JsonElement? Body,
    DateTimeOffset? Date)
{
    /// <summary>Gets the path of the request (the recorded placeholders for a repeated operation URL have none).</summary>
    public string Path => Uri.StartsWith("https://", StringComparison.Ordinal) ? new Uri(Uri).AbsolutePath : string.Empty;
}
