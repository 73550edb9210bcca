using System.Text.Json;
using PrivateLink.Arm;
using PrivateLink.Onboarding;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Onboarding.Tests.Orchestration;

/// <summary>Payloads kept in durable history read the same after a type fold: instances in flight replay what they recorded.</summary>
public sealed class DurablePayloadCompatibilityTests
{
    [Theory]
    [InlineData("Failed", "RetryableError", true)]
    [InlineData("Failed", "LinkedAuthorizationFailed", false)]
    [InlineData("InProgress", "TooManyRequests", false)]
    [InlineData("Succeeded", null, false)]
    public void OperationPollRecordedBefore_ReadsAsTheAdaptersOperationStatus(string state, string? code, bool transient)
    {
        // The shape GetOperationStatusActivity wrote when its output was OperationPoll (State, ErrorCode, ErrorMessage, RetryAfter, TransientFailure).
        string codeJson = code is null ? "null" : $"\"{code}\"";
        string recorded = $"{{\"state\":\"{state}\",\"errorCode\":{codeJson},\"errorMessage\":\"ARM said so\",\"retryAfter\":\"00:00:07\",\"transientFailure\":{(transient ? "true" : "false")}}}";

        OperationStatus read = OnboardingDataConverter.Instance.Deserialize<OperationStatus>(recorded)!;

        Assert.Equal(Enum.Parse<OperationState>(state), read.State);
        Assert.Equal(code, read.ErrorCode);
        Assert.Equal("ARM said so", read.ErrorMessage);
        Assert.Equal(TimeSpan.FromSeconds(7), read.RetryAfter);
        Assert.Equal(transient, read.IsTransientFailure);
    }

    [Fact]
    public void OperationStatusWritten_KeepsTheMemberNamesTheOperationPollHad()
    {
        string json = OnboardingDataConverter.Instance.Serialize(new OperationStatus(OperationState.Failed, "ConflictError", "busy", TimeSpan.FromSeconds(3)))!;
        using JsonDocument document = JsonDocument.Parse(json);

        Assert.Equal("Failed", document.RootElement.GetProperty("state").GetString());
        Assert.Equal("ConflictError", document.RootElement.GetProperty("errorCode").GetString());
        Assert.Equal("busy", document.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal("00:00:03", document.RootElement.GetProperty("retryAfter").GetString());
    }

    [Fact]
    public void WorkflowEventPayloads_KeepTheirMemberNames()
    {
        var actor = new Actor("oid-1");
        using JsonDocument cancel = JsonDocument.Parse(OnboardingDataConverter.Instance.Serialize(new CancelRequestedEvent("no longer needed", actor))!);
        using JsonDocument changed = JsonDocument.Parse(OnboardingDataConverter.Instance.Serialize(new ConnectionStateChangedEvent("watcher", "Approved", actor))!);

        Assert.Equal("no longer needed", cancel.RootElement.GetProperty("reason").GetString());
        Assert.Equal("oid-1", cancel.RootElement.GetProperty("actor").GetProperty("objectId").GetString());
        Assert.Equal("watcher", changed.RootElement.GetProperty("source").GetString());
        Assert.Equal("Approved", changed.RootElement.GetProperty("reportedStatus").GetString());
        Assert.Equal("CancelRequested", WorkflowEvents.CancelRequested);
        Assert.Equal("ConnectionStateChanged", WorkflowEvents.ConnectionStateChanged);
    }
}
