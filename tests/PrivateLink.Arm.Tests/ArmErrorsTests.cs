using Azure;

namespace PrivateLink.Arm.Tests;

public sealed class ArmErrorsTests
{
    [Theory]
    [InlineData(429, "SubscriptionRequestsThrottled")]
    [InlineData(500, "InternalServerError")]
    [InlineData(503, "ServiceUnavailable")]
    [InlineData(409, "RetryableErrorDueToAnotherOperation")]
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
    [InlineData(409, "Conflict")]
    public void Map_ClientError_ReturnsArmRequestException(int status, string code)
    {
        var failure = new RequestFailedException(status, "refused", code, null);

        Exception sut = ArmErrors.Map(failure, DateTimeOffset.UnixEpoch);

        ArmRequestException request = Assert.IsType<ArmRequestException>(sut);
        Assert.Equal(status, request.Status);
        Assert.Equal(code, request.ErrorCode);
    }
}
