using System.Text.Json;
using System.Text.Json.Serialization;

namespace PrivateLink.Onboarding;

/// <summary>The JSON conventions of the product's documents (camelCase, enums as strings).</summary>
public static class OnboardingJson
{
    /// <summary>Gets the serializer options for documents the product writes.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
