using PrivateLink.Onboarding.Model;

namespace PrivateLink.Onboarding.Orchestration;

/// <summary>Which endpoints a destination has: one per groupId it needs, named deterministically.</summary>
internal static class DestinationEndpoints
{
    /// <summary>Plans the destination's endpoints: the first keeps the single-endpoint name <c>pe-onboard-{id}</c>, so existing endpoints keep theirs.</summary>
    /// <param name="input">The request.</param>
    /// <param name="groupIds">The groupIds to connect, the first first; empty for a Private Link Service.</param>
    /// <returns>The endpoints, not yet created.</returns>
    public static List<DestinationEndpoint> Plan(OnboardDestinationInput input, IReadOnlyList<string> groupIds)
    {
        if (groupIds.Count == 0)
        {
            return [new DestinationEndpoint(input.EndpointName, null, input.HostName, null, null)];
        }

        // The host name names one of the subresources (lake1.dfs.core.windows.net); the others' names are derived from it.
        string[] labels = input.HostName.Split('.');
        string hostGroupId = labels.Length > 2 && groupIds.Contains(labels[1], StringComparer.OrdinalIgnoreCase) ? labels[1] : groupIds[0];
        List<DestinationEndpoint> plan = [];
        for (int i = 0; i < groupIds.Count; i++)
        {
            string name = i == 0 ? input.EndpointName : $"{input.EndpointName}-{groupIds[i].ToLowerInvariant()}";
            plan.Add(new DestinationEndpoint(name, groupIds[i], HostNameFor(input.HostName, hostGroupId, groupIds[i]), null, null));
        }

        return plan;
    }

    /// <summary>Gets the endpoints a destination had, from its last status (or the single-endpoint name).</summary>
    /// <param name="input">The request.</param>
    /// <param name="previous">The status the destination had.</param>
    /// <returns>The endpoints.</returns>
    public static List<DestinationEndpoint> From(OnboardDestinationInput input, OnboardingStatus? previous) =>
        previous?.Endpoints is { Count: > 0 } endpoints
            ? endpoints.ToList()
            : [new DestinationEndpoint(input.EndpointName, input.GroupId, input.HostName, previous?.Endpoint, null)];

    /// <summary>Derives the host name of another subresource of the same account: <c>lake1.dfs.core.windows.net</c> → <c>lake1.blob.core.windows.net</c>.</summary>
    /// <param name="hostName">The request's host name.</param>
    /// <param name="groupId">The groupId the host name belongs to.</param>
    /// <param name="otherGroupId">The other groupId.</param>
    /// <returns>The derived host name, or <paramref name="hostName"/> when it does not carry the groupId as its second label.</returns>
    public static string HostNameFor(string hostName, string groupId, string otherGroupId)
    {
        string[] labels = hostName.Split('.');
        if (labels.Length > 2 && string.Equals(labels[1], groupId, StringComparison.OrdinalIgnoreCase) && !string.Equals(groupId, otherGroupId, StringComparison.OrdinalIgnoreCase))
        {
            labels[1] = otherGroupId.ToLowerInvariant();
            return string.Join('.', labels);
        }

        return hostName;
    }
}
