using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using PrivateLink.Onboarding.Validation;

namespace PrivateLink.Api;

/// <summary>Reads a JSON request body strictly: JSON content type, at most 64 KiB, bounded depth, no unknown fields, no type coercion.</summary>
public static class JsonBodyReader
{
    /// <summary>The largest body accepted, in bytes.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Gets the strict options used to read request documents.</summary>
    public static JsonSerializerOptions StrictOptions { get; } = CreateStrictOptions();

    /// <summary>Reads and deserializes the body.</summary>
    /// <typeparam name="T">The document type.</typeparam>
    /// <param name="request">The HTTP request.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The document, or the problem response to send (400, 413 or 415).</returns>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out MediaTypeHeaderValue? mediaType)
            || !mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.Charset.HasValue && !mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            return (null, Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the body as 'application/json' (UTF-8)."));
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, TooLarge());
        }

        byte[] body = new byte[MaxBodyBytes + 1];
        int length = 0;
        try
        {
            while (length < body.Length)
            {
                int read = await request.Body.ReadAsync(body.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }
        }
        catch (BadHttpRequestException ex)
        {
            // The server refused the body while it was read: it ended before its Content-Length, came too slowly, or was malformed chunking.
            return (null, Problem(ex.StatusCode, "Bad request body", "The request body could not be read: " + ex.Message));
        }

        if (length > MaxBodyBytes)
        {
            return (null, TooLarge());
        }

        if (length == 0)
        {
            return (null, Invalid("$", "The body is empty; send a JSON object."));
        }

        return TryDeserialize(body.AsSpan(0, length), out T? value, out ValidationErrors errors)
            ? (value, null)
            : (null, TypedResults.ValidationProblem(errors.ToDictionary()));
    }

    /// <summary>Deserializes a request document strictly; every intake (HTTP, webhooks, Service Bus) reads bodies through here.</summary>
    /// <typeparam name="T">The document type.</typeparam>
    /// <param name="body">The UTF-8 JSON.</param>
    /// <param name="value">The document, when it was read.</param>
    /// <param name="errors">When it was not: the field path (e.g. <c>ports[0].port</c>, or <c>$</c> for the document) and what is wrong, in the shape every validation error of a request has.</param>
    /// <returns>True when the body is a non-null document of <typeparamref name="T"/>.</returns>
    public static bool TryDeserialize<T>(ReadOnlySpan<byte> body, [NotNullWhen(true)] out T? value, out ValidationErrors errors)
        where T : class
    {
        errors = new ValidationErrors();
        try
        {
            value = JsonSerializer.Deserialize<T>(body, StrictOptions);
        }
        catch (JsonException ex)
        {
            value = null;
            errors.Add(FieldPath(ex.Path), Describe(ex));
            return false;
        }

        if (value is null)
        {
            errors.Add("$", "The body must be a JSON object, not null.");
        }

        return value is not null;
    }

    /// <summary>Turns a System.Text.Json path (<c>$.ports[0].port</c>) into the field path used in problem details (<c>ports[0].port</c>).</summary>
    /// <param name="jsonPath">The JSON path.</param>
    /// <returns>The field path; <c>$</c> for the document itself.</returns>
    public static string FieldPath(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? "$" : jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath;

    private static string Describe(JsonException ex)
    {
        // The serializer's own message names .NET types; say what the caller can act on instead.
        if (ex.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return "Unknown field.";
        }

        if (ex.Message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return $"The document is nested deeper than {StrictOptions.MaxDepth} levels.";
        }

        return ex.LineNumber is { } line
            ? $"Invalid JSON or a value of the wrong type (line {line + 1}, byte {ex.BytePositionInLine + 1})."
            : "Invalid JSON or a value of the wrong type.";
    }

    private static ProblemHttpResult TooLarge() =>
        Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The body must be at most {MaxBodyBytes} bytes.");

    private static ValidationProblem Invalid(string path, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [path] = [message] });

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

    private static JsonSerializerOptions CreateStrictOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            NumberHandling = JsonNumberHandling.Strict,
            MaxDepth = 16,
            AllowTrailingCommas = false,
            ReadCommentHandling = JsonCommentHandling.Disallow,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
