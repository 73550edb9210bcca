using Azure;
using PrivateLink.Api.Inbound.Http;

namespace PrivateLink.Api.Tests.Http;

/// <summary>Which failures the API answers 503 for: an Azure service that did not answer, wherever the backend wrapped it.</summary>
public sealed class DependencyUnavailableHandlerTests
{
    [Theory]
    [InlineData(0)] // no connection
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public void UnavailableDependencyOf_AzureFailureOfAnUnavailableService_IsFoundThroughWrappers(int status)
    {
        var failure = new RequestFailedException(status, "storage said no");

        // As the storage client ends its retries (an AggregateException of each try's failure), wrapped once more by a backend.
        var thrown = new InvalidOperationException("backend", new AggregateException("Retry failed after 6 tries.", new RequestFailedException(status, "first try"), failure));

        Assert.NotNull(DependencyUnavailableHandler.UnavailableDependencyOf(thrown));
        Assert.Same(failure, DependencyUnavailableHandler.UnavailableDependencyOf(failure));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(409)]
    public void UnavailableDependencyOf_AnAnswerThatIsNoOutage_IsNotFound(int status) =>
        Assert.Null(DependencyUnavailableHandler.UnavailableDependencyOf(new AggregateException(new RequestFailedException(status, "refused"))));

    [Fact]
    public void UnavailableDependencyOf_AFaultOfTheService_IsNotFound() =>
        Assert.Null(DependencyUnavailableHandler.UnavailableDependencyOf(new InvalidOperationException("a bug", new NullReferenceException())));
}
