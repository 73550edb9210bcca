using System.Globalization;
using Microsoft.DurableTask;
using PrivateLink.Arm;
using PrivateLink.Connectivity;
using PrivateLink.Onboarding.Activities;
using PrivateLink.Onboarding.Model;
using PrivateLink.SupportMatrix;

namespace PrivateLink.Onboarding.Orchestration;

/// <summary>The connectivity check shared by onboarding and re-check: one probe per port mapping and endpoint, in parallel, in bounded batches.</summary>
internal static class ConnectivityStep
{
    /// <summary>The most probes in flight for one destination.</summary>
    internal const int BatchSize = 8;

    /// <summary>Re-reads each approved endpoint on durable timers until ARM reports its private IP (from <c>customDnsConfigs</c> or its NIC), within a bound.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <param name="endpoints">The approved endpoints.</param>
    /// <param name="limits">The bounds.</param>
    /// <param name="cancelRequested">Completes on cancel; null to wait regardless.</param>
    /// <returns>The endpoints as last read (some may still lack an address when the bound ran out), or null when cancelled.</returns>
    public static async Task<List<DestinationEndpoint>?> WaitForAddressesAsync(
        TaskOrchestrationContext context, IReadOnlyList<DestinationEndpoint> endpoints, WorkflowLimits limits, Task? cancelRequested)
    {
        List<DestinationEndpoint> result = endpoints.ToList();
        DateTime deadline = context.CurrentUtcDateTime + limits.AddressTimeout;
        for (int read = 0; ; read++)
        {
            List<int> missing = Enumerable.Range(0, result.Count).Where(i => result[i].Endpoint is not { PrivateIpAddresses.Count: > 0 }).ToList();
            if (missing.Count == 0)
            {
                return result;
            }

            // The first read is at once (a PUT answer or a list page carries no NIC address; a single read does).
            if (read > 0)
            {
                TimeSpan delay = limits.PollDelay(read - 1, null);
                if (context.CurrentUtcDateTime + delay > deadline)
                {
                    return result;
                }

                if (!await EndpointOperations.DelayAsync(context, delay, cancelRequested))
                {
                    return null;
                }
            }

            foreach (int i in missing)
            {
                PrivateEndpointInfo? current = await context.CallActivityAsync<PrivateEndpointInfo?>(nameof(GetConnectionStateActivity), result[i].Name, RetryPolicies.Arm);
                if (current is not null)
                {
                    result[i] = result[i] with { Endpoint = current };
                }
            }
        }
    }

    /// <summary>Says which endpoints have no private IP, or null when all have one.</summary>
    /// <param name="endpoints">The endpoints.</param>
    /// <param name="limits">The bounds (for the message).</param>
    /// <returns>The failure detail, or null.</returns>
    public static string? MissingAddresses(IReadOnlyList<DestinationEndpoint> endpoints, WorkflowLimits limits)
    {
        DestinationEndpoint[] missing = endpoints.Where(e => e.Endpoint is not { PrivateIpAddresses.Count: > 0 }).ToArray();
        return missing.Length == 0
            ? null
            : string.Create(
                CultureInfo.InvariantCulture,
                $"No private IP address for endpoint {string.Join(", ", missing.Select(e => e.Name))} after {limits.AddressTimeout} (neither customDnsConfigs nor the endpoint's network interface lists one); not probed: the check never falls back to the host name {missing[0].HostName}, which would not prove the private path.");
    }

    /// <summary>Probes every port of the destination through each of its private endpoints.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <param name="input">The destination.</param>
    /// <param name="endpoints">The approved endpoints, each with a private IP.</param>
    /// <param name="cancelRequested">Completes on cancel: the probes in flight are no longer awaited; null to probe regardless.</param>
    /// <returns>The endpoints with their results, ordered by port; null when cancelled.</returns>
    public static async Task<List<DestinationEndpoint>?> RunAsync(
        TaskOrchestrationContext context, OnboardDestinationInput input, IReadOnlyList<DestinationEndpoint> endpoints, Task? cancelRequested = null)
    {
        DestinationProfile profile = DestinationCatalog.Get(input.DestinationType);

        // Connect to the endpoint's own private IP (so the check proves the private path, not a public one),
        // and validate the certificate against the destination's host name.
        var work = new List<(int Endpoint, ProbeRequest Request)>();
        for (int i = 0; i < endpoints.Count; i++)
        {
            DestinationEndpoint endpoint = endpoints[i];
            string connectAddress = endpoint.Endpoint!.PrivateIpAddresses[0];
            foreach (PortMapping mapping in input.Ports)
            {
                work.Add((i, new ProbeRequest(
                    profile.ProtocolFor(endpoint.GroupId),
                    endpoint.HostName,
                    connectAddress,
                    mapping.Port,
                    input.RequireTls,
                    input.TrustedCaCertificatesPem,
                    input.PinnedCertificateSha256,
                    DestinationId: input.DestinationId,
                    ExpectedAddresses: endpoint.Endpoint.PrivateIpAddresses,
                    StrictNameResolution: input.StrictNameResolution)));
            }
        }

        var results = new List<(int Endpoint, ProbeResult Result)>();
        foreach ((int Endpoint, ProbeRequest Request)[] batch in work.Chunk(BatchSize))
        {
            Task<ProbeResult>[] probes = batch.Select(w => context.CallActivityAsync<ProbeResult>(nameof(ProbeEndpointActivity), w.Request)).ToArray();
            Task<ProbeResult[]> all = Task.WhenAll(probes);
            if (cancelRequested is not null && await Task.WhenAny(all, cancelRequested) != all)
            {
                return null; // the probes' results arrive later and are never read
            }

            ProbeResult[] done = await all;
            results.AddRange(batch.Select((w, k) => (w.Endpoint, done[k])));
        }

        return endpoints
            .Select((e, i) => e with { Probes = results.Where(r => r.Endpoint == i).Select(r => r.Result).OrderBy(r => r.Port).ToArray() })
            .ToList();
    }

    /// <summary>Summarizes probe results in one line.</summary>
    /// <param name="endpoints">The probed endpoints.</param>
    /// <returns>E.g. "5432: Succeeded over Tls13; 5433: Refused (connection refused)", each endpoint's groupId first when there are several.</returns>
    public static string Summarize(IReadOnlyList<DestinationEndpoint> endpoints) =>
        endpoints.Count == 1
            ? Summarize(endpoints[0].Probes ?? [])
            : string.Join(" | ", endpoints.Select(e => $"{e.GroupId ?? e.Name}: {Summarize(e.Probes ?? [])}"));

    /// <summary>Summarizes probe results in one line.</summary>
    /// <param name="results">The results.</param>
    /// <returns>E.g. "5432: Succeeded over Tls13; 5433: Refused (connection refused)".</returns>
    public static string Summarize(IReadOnlyList<ProbeResult> results) =>
        string.Join("; ", results.Select(r => r.Succeeded
            ? string.Create(CultureInfo.InvariantCulture, $"{r.Port}: {(r.ClearText ? $"clear text (TLS failed: {r.TlsFailureReason})" : $"TLS {r.Tls?.Version} {r.Tls?.CipherSuite}")}")
            : string.Create(CultureInfo.InvariantCulture, $"{r.Port}: {r.Status} ({r.Detail})")))
        + NameWarning(results);

    /// <summary>The name-resolution warning, once per endpoint: a successful port whose host name does not resolve to the endpoint.</summary>
    private static string NameWarning(IReadOnlyList<ProbeResult> results) =>
        results.FirstOrDefault(r => r.Succeeded && r.NameResolution is { ResolvesToEndpoint: false })?.NameResolution is { } name
            ? $"; warning: {name.Detail}"
            : "";
}
