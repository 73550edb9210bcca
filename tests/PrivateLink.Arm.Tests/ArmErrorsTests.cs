using Azure;

namespace PrivateLink.Arm.Tests;

public sealed class ArmErrorsTests
{
    [Theory]
    [InlineData(429, "SubscriptionRequestsThrottled")]
    [InlineData(500, "InternalServerError")]
    [InlineData(503, "ServiceUnavailable")]
    [InlineData(409, "RetryableErrorDueToAnotherOperation")]
    [InlineData(409, "AnotherOperationInProgress")]
    [InlineData(409, "Conflict")]
    [InlineData(0, null)]
    public void Map_TransientFailure_ReturnsArmTransientException(int status, string? code)
    {
        var failure = new RequestFailedException(status, "failed", code, null);

        Exception sut = ArmErrors.Map(failure, DateTimeOffset.UnixEpoch);

        ArmTransientException transient = Assert.IsType<ArmTransientException>(sut);
        Assert.Equal(status, transient.Status);
        Assert.Equal(code, transient.ErrorCode);
        Assert.Same(failure, transient.InnerException);
    }

    [Theory]
    [InlineData(400, "InvalidRequestFormat")]
    [InlineData(403, "AuthorizationFailed")]
    [InlineData(409, "PrivateEndpointConnectionStatusNotPending")]
    [InlineData(400, "InvalidPrivateLinkServiceId")]
    public void Map_ClientError_ReturnsArmRequestException(int status, string code)
    {
        var failure = new RequestFailedException(status, "refused", code, null);

        Exception sut = ArmErrors.Map(failure, DateTimeOffset.UnixEpoch);

        ArmRequestException request = Assert.IsType<ArmRequestException>(sut);
        Assert.Equal(status, request.Status);
        Assert.Equal(code, request.ErrorCode);
    }

    [Fact]
    public void Map_RequestDisallowedByPolicy_SaysAzurePolicyRefused()
    {
        var failure = new RequestFailedException(403, "Resource 'pe-1' was disallowed by policy.", "RequestDisallowedByPolicy", null);

        ArmRequestException request = Assert.IsType<ArmRequestException>(ArmErrors.Map(failure, DateTimeOffset.UnixEpoch));

        Assert.Equal("RequestDisallowedByPolicy", request.ErrorCode);
        Assert.StartsWith("Azure Policy in the service's subscription refused the request", request.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RetryableError", true)]
    [InlineData("ConflictError", true)]
    [InlineData("StorageAccountOperationInProgress", true)]
    [InlineData("InvalidPrivateLinkServiceId", true)]
    [InlineData("Canceled", true)]
    [InlineData("LinkedAuthorizationFailed", false)]
    [InlineData("PrivateEndpointCreationNotAllowed", false)]
    public void OperationStatus_IsTransientFailure_FollowsTheCodesTerraformRetries(string code, bool transient)
    {
        var status = new OperationStatus(OperationState.Failed, code, "failed", null);

        Assert.Equal(transient, status.IsTransientFailure);
        Assert.False((status with { State = OperationState.Succeeded }).IsTransientFailure);
    }
}
