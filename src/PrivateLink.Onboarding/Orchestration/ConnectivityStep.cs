using System.Globalization;
using Microsoft.DurableTask;
using PrivateLink.Connectivity;
using PrivateLink.Onboarding.Activities;
using PrivateLink.Onboarding.Model;

namespace PrivateLink.Onboarding.Orchestration;

/// <summary>The connectivity check shared by onboarding and re-check: one probe per port mapping, in parallel, in bounded batches.</summary>
internal static class ConnectivityStep
{
    /// <summary>The most probes in flight for one destination.</summary>
    internal const int BatchSize = 8;

    /// <summary>Probes every port of the destination through its private endpoint.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <param name="input">The destination.</param>
    /// <param name="endpoint">The approved endpoint.</param>
    /// <returns>The results ordered by port.</returns>
    public static async Task<IReadOnlyList<ProbeResult>> RunAsync(TaskOrchestrationContext context, OnboardDestinationInput input, EndpointSummary endpoint)
    {
        DestinationProfile profile = DestinationCatalog.Get(input.DestinationType);

        // Connect to the endpoint's own private IP (so the check proves the private path, not a public one),
        // and validate the certificate against the destination's host name.
        string? connectAddress = endpoint.PrivateIpAddresses.FirstOrDefault();
        List<ProbeResult> results = [];
        foreach (PortMapping[] batch in input.Ports.Chunk(BatchSize))
        {
            List<Task<ProbeResult>> probes = [];
            foreach (PortMapping mapping in batch)
            {
                var request = new ProbeRequest(
                    profile.Protocol,
                    input.HostName,
                    connectAddress,
                    mapping.Port,
                    input.RequireTls,
                    input.TrustedCaCertificatesPem,
                    input.PinnedCertificateSha256,
                    DestinationId: input.DestinationId);
                probes.Add(context.CallActivityAsync<ProbeResult>(nameof(ProbeEndpointActivity), request));
            }

            results.AddRange(await Task.WhenAll(probes));
        }

        return results.OrderBy(r => r.Port).ToArray();
    }

    /// <summary>Summarizes probe results in one line.</summary>
    /// <param name="results">The results.</param>
    /// <returns>E.g. "5432: Succeeded over Tls13; 5433: Refused (connection refused)".</returns>
    public static string Summarize(IReadOnlyList<ProbeResult> results) =>
        string.Join("; ", results.Select(r => r.Succeeded
            ? string.Create(CultureInfo.InvariantCulture, $"{r.Port}: {(r.ClearText ? $"clear text (TLS failed: {r.TlsFailureReason})" : $"TLS {r.Tls?.Version} {r.Tls?.CipherSuite}")}")
            : string.Create(CultureInfo.InvariantCulture, $"{r.Port}: {r.Status} ({r.Detail})")));
}
