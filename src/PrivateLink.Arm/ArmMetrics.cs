using System.Diagnostics.Metrics;
using Azure.Core;
using Azure.Core.Pipeline;

namespace PrivateLink.Arm;

/// <summary>The ARM adapter's metrics: responses by status class and ARM's throttling (429), per attempt, retries included.</summary>
/// <remarks>Hosts export the meter by its <see cref="MeterName"/>; the product's list of meters is <c>OnboardingTelemetry.Meters</c>.</remarks>
public static class ArmMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "PrivateLink.Arm";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Throttled = Meter.CreateCounter<long>(
        "privatelink.arm.throttled", unit: "{response}", description: "ARM responses 429 Too Many Requests (each attempt, before Azure.Core's retry), by HTTP method.");

    private static readonly Counter<long> Requests = Meter.CreateCounter<long>(
        "privatelink.arm.requests", unit: "{request}", description: "ARM requests sent by the adapter (each attempt), by HTTP method and status code.");

    /// <summary>Counts one ARM response.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="status">The HTTP status code.</param>
    public static void RecordResponse(string method, int status)
    {
        var methodTag = new KeyValuePair<string, object?>("http.request.method", method);
        Requests.Add(1, methodTag, new KeyValuePair<string, object?>("http.response.status_code", status));
        if (status == 429)
        {
            Throttled.Add(1, methodTag);
        }
    }

    /// <summary>A pipeline policy, per retry, that counts every ARM response.</summary>
    internal sealed class ResponsePolicy : HttpPipelineSynchronousPolicy
    {
        public override void OnReceivedResponse(HttpMessage message) =>
            RecordResponse(message.Request.Method.Method, message.Response.Status);
    }
}
