using PrivateLink.ArmEmulator;

namespace PrivateLink.Arm.Tests;

/// <summary>Throttling, server errors and conflicts: retried inside the SDK pipeline, surfaced as the adapter's exceptions when they persist.</summary>
public sealed class ArmFaultTests : EmulatorTestBase
{
    protected override ArmEmulatorOptions EmulatorOptions => InstantOperations();

    [Fact]
    public async Task BeginCreate_TwoThrottlesWithRetryAfterMs_RetriesAndCreatesOnce()
    {
        string targetId = SeedSqlServer();
        ArmFaultRule throttle = Emulator.AddFault(ArmFaultRule.Throttle("PUT", PrivateEndpointPath, TimeSpan.FromMilliseconds(20), count: 2, inMilliseconds: true));
        ArmPrivateEndpointClient sut = CreateSut();

        PrivateEndpointInfo endpoint = await CreateEndpointAsync(sut, Request(targetId), Timeout);

        Assert.Equal("Succeeded", endpoint.ProvisioningState);
        Assert.Equal(2, throttle.Applied);
        Assert.Equal([429, 429, 201], Emulator.GetJournal().Where(e => e.Method == "PUT").Select(e => e.Status));
        Assert.Equal(1, Emulator.CreatedCount("pe-dest-1"));
    }

    [Fact]
    public async Task GetPrivateEndpointAsync_ThrottleWithRetryAfterOneSecond_WaitsAtLeastThatLong()
    {
        string targetId = SeedSqlServer();
        await CreateEndpointAsync(CreateSut(), Request(targetId), Timeout);
        Emulator.ClearJournal();
        Emulator.AddFault(ArmFaultRule.Throttle("GET", PrivateEndpointPath, TimeSpan.FromSeconds(1), count: 1));
        ArmPrivateEndpointClient sut = CreateSut();

        PrivateEndpointInfo? endpoint = await sut.GetPrivateEndpointAsync("pe-dest-1", Timeout);

        Assert.NotNull(endpoint);
        IReadOnlyList<ArmJournalEntry> journal = Emulator.GetJournal();
        Assert.Equal([429, 200], journal.Select(e => e.Status));

        // A lower bound only (never flaky): the client's own back-off here is 10-50 ms, so a gap of ~1 s is the Retry-After.
        Assert.True(journal[1].ReceivedAt - journal[0].ReceivedAt >= TimeSpan.FromMilliseconds(950));
    }

    [Fact]
    public async Task BeginCreate_ThrottleStorm_ThrowsTransientWithRetryAfterAfterMaxRetries()
    {
        string targetId = SeedSqlServer();
        Emulator.AddFault(ArmFaultRule.Throttle("PUT", PrivateEndpointPath, TimeSpan.FromMilliseconds(30), count: null, inMilliseconds: true));
        ArmPrivateEndpointClient sut = CreateSut(o => o.MaxRetries = 3);

        ArmTransientException ex = await Assert.ThrowsAsync<ArmTransientException>(() => sut.BeginCreatePrivateEndpointAsync(Request(targetId), Timeout));

        Assert.Equal(429, ex.Status);
        Assert.Equal("SubscriptionRequestsThrottled", ex.ErrorCode);
        Assert.Equal(TimeSpan.FromMilliseconds(30), ex.RetryAfter);
        Assert.Equal(4, Emulator.CountRequests("PUT"));
        Assert.Equal(0, Emulator.PrivateEndpointCount);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task PreflightTargetAsync_TwoServerErrors_RetriesAndSucceeds(int status)
    {
        string targetId = SeedSqlServer();
        Emulator.AddFault(ArmFaultRule.ServerError("GET", "sql-customer$", status, count: 2));
        ArmPrivateEndpointClient sut = CreateSut();

        TargetResourceInfo? target = (await sut.PreflightTargetAsync(targetId, Timeout)).Target;

        Assert.NotNull(target);
        Assert.Equal([status, status, 200], Emulator.GetJournal().Where(e => e.Path.EndsWith("sql-customer", StringComparison.Ordinal)).Select(e => e.Status));
    }

    [Fact]
    public async Task PreflightTargetAsync_PersistentServerError_ThrowsTransient()
    {
        string targetId = SeedSqlServer();
        Emulator.AddFault(ArmFaultRule.ServerError("GET", "sql-customer$", 503, count: null));
        ArmPrivateEndpointClient sut = CreateSut(o => o.MaxRetries = 1);

        ArmTransientException ex = await Assert.ThrowsAsync<ArmTransientException>(() => sut.PreflightTargetAsync(targetId, Timeout));

        Assert.Equal(503, ex.Status);
        Assert.Equal(2, Emulator.CountRequests("GET"));
    }

    [Fact]
    public async Task BeginCreate_AnotherOperationOnce_RetriesAndSucceeds()
    {
        string targetId = SeedSqlServer();
        Emulator.AddFault(ArmFaultRule.AnotherOperationInProgress("PUT", PrivateEndpointPath, count: 1));
        ArmPrivateEndpointClient sut = CreateSut();

        PrivateEndpointInfo endpoint = await CreateEndpointAsync(sut, Request(targetId), Timeout);

        Assert.Equal("Succeeded", endpoint.ProvisioningState);
        Assert.Equal([409, 201], Emulator.GetJournal().Where(e => e.Method == "PUT").Select(e => e.Status));
    }

    [Fact]
    public async Task BeginDelete_AnotherOperationPersists_ThrowsTransientWithCode()
    {
        string targetId = SeedSqlServer();
        await CreateEndpointAsync(CreateSut(), Request(targetId), Timeout);
        Emulator.AddFault(ArmFaultRule.AnotherOperationInProgress("DELETE", PrivateEndpointPath, count: null));
        ArmPrivateEndpointClient sut = CreateSut(o => o.MaxRetries = 2);

        ArmTransientException ex = await Assert.ThrowsAsync<ArmTransientException>(() => sut.BeginDeletePrivateEndpointAsync("pe-dest-1", Timeout));

        Assert.Equal(409, ex.Status);
        Assert.Equal("RetryableErrorDueToAnotherOperation", ex.ErrorCode);
        Assert.Equal(3, Emulator.CountRequests("DELETE"));
    }

    [Fact]
    public async Task GetPrivateEndpointAsync_Forbidden_ThrowsArmRequestExceptionWithoutRetry()
    {
        Emulator.AddFault(new ArmFaultRule { Method = "GET", PathPattern = PrivateEndpointPath, StatusCode = 403, ErrorCode = "AuthorizationFailed" });
        ArmPrivateEndpointClient sut = CreateSut();

        ArmRequestException ex = await Assert.ThrowsAsync<ArmRequestException>(() => sut.GetPrivateEndpointAsync("pe-dest-1", Timeout));

        Assert.Equal(403, ex.Status);
        Assert.Equal("AuthorizationFailed", ex.ErrorCode);
        Assert.Equal(1, Emulator.CountRequests());
    }

    [Fact]
    public async Task PreflightTargetAsync_SlowResponse_StillAnswers()
    {
        string targetId = SeedSqlServer();
        ArmFaultRule slow = Emulator.AddFault(ArmFaultRule.Slow("GET", "sql-customer$", TimeSpan.FromMilliseconds(200), count: 1));
        ArmPrivateEndpointClient sut = CreateSut();

        TargetResourceInfo? target = (await sut.PreflightTargetAsync(targetId, Timeout)).Target;

        Assert.NotNull(target);
        Assert.Equal(1, slow.Applied);
    }

    [Fact]
    public async Task PreflightTargetAsync_UntrustedCertificate_FailsAsTransientWithoutResponse()
    {
        string targetId = SeedSqlServer();
        ArmPrivateEndpointClient sut = CreateSut(o =>
        {
            o.TrustedServerCertificateThumbprint = new string('A', 64);
            o.MaxRetries = 0;
        });

        ArmTransientException ex = await Assert.ThrowsAsync<ArmTransientException>(() => sut.PreflightTargetAsync(targetId, Timeout));

        Assert.Equal(0, ex.Status);
        Assert.Equal(0, Emulator.CountRequests());
    }
}
