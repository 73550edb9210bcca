using System.Text.Json;
using System.Text.Json.Serialization;

namespace PrivateLink.Onboarding;

/// <summary>The JSON conventions of the product's documents (camelCase, enums as strings).</summary>
/// <remarks>
/// The one definition of how durable payloads (orchestration inputs, outputs, custom status, activity inputs and outputs, event
/// payloads) and published events are written. The runner wraps <see cref="Options"/> in <see cref="OnboardingDataConverter"/>; the
/// Functions app applies <see cref="Configure"/> to the worker's own <see cref="JsonSerializerOptions"/>, from which the worker
/// builds its serializer and the isolated Durable extension its data converter.
/// </remarks>
public static class OnboardingJson
{
    /// <summary>Gets the serializer options for documents the product writes.</summary>
    public static JsonSerializerOptions Options { get; } = CreateReadOnly();

    /// <summary>Applies the product's conventions to <paramref name="options"/>.</summary>
    /// <param name="options">Options to configure, for example the Functions worker's <c>IOptions&lt;JsonSerializerOptions&gt;</c>.</param>
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // The web defaults, spelled out so they hold on options that did not start from JsonSerializerDefaults.Web.
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = true;
        options.NumberHandling = JsonNumberHandling.AllowReadingFromString;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        if (!options.Converters.Any(c => c is JsonStringEnumConverter))
        {
            options.Converters.Add(new JsonStringEnumConverter());
        }
    }

    private static JsonSerializerOptions CreateReadOnly()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
