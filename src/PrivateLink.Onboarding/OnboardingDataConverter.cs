using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;

namespace PrivateLink.Onboarding;

/// <summary>The data converter both hosts use for orchestration inputs, outputs and custom status.</summary>
/// <remarks>camelCase with enums as strings, so the custom status reads well in the Azure portal and matches the status API.</remarks>
public static class OnboardingDataConverter
{
    /// <summary>Gets the converter.</summary>
    public static DataConverter Instance { get; } = new JsonDataConverter(OnboardingJson.Options);
}
