using Azure;
using PrivateLink.Api.Inbound.Http;

namespace PrivateLink.Api.Tests.Http;

/// <summary>Which failures the API answers 503 for: an Azure service that did not answer, wherever the backend wrapped it.</summary>
public sealed class DependencyUnavailableTests
{
    [Theory]
    [InlineData(0)] // no connection
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public void FailureOf_AzureFailureOfAnUnavailableService_IsFoundThroughWrappers(int status)
    {
        var failure = new RequestFailedException(status, "storage said no");

        // As the storage client ends its retries (an AggregateException of each try's failure), wrapped once more by a backend.
        var thrown = new InvalidOperationException("backend", new AggregateException("Retry failed after 6 tries.", new RequestFailedException(status, "first try"), failure));

        Assert.NotNull(DependencyUnavailable.FailureOf(thrown));
        Assert.Same(failure, DependencyUnavailable.FailureOf(failure));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(409)]
    public void FailureOf_AnAnswerThatIsNoOutage_IsNotFound(int status) =>
        Assert.Null(DependencyUnavailable.FailureOf(new AggregateException(new RequestFailedException(status, "refused"))));

    [Fact]
    public void FailureOf_AFaultOfTheService_IsNotFound() =>
        Assert.Null(DependencyUnavailable.FailureOf(new InvalidOperationException("a bug", new NullReferenceException())));
}
