using Microsoft.Extensions.Time.Testing;
using PrivateLink.ArmEmulator;

namespace PrivateLink.Arm.Tests;

/// <summary>The client-side write budget, driven by a fake clock.</summary>
public sealed class ArmWriteLimiterTests : EmulatorTestBase
{
    protected override ArmEmulatorOptions EmulatorOptions => InstantOperations();

    [Fact]
    public async Task BeginCreate_BudgetSpent_WaitsForNextWindow()
    {
        string targetId = SeedSqlServer();
        var clock = new FakeTimeProvider();
        ArmPrivateEndpointClient sut = CreateSut(o => { o.WriteBudget = 2; o.WriteBudgetWindow = TimeSpan.FromMinutes(5); }, clock);
        await CreateEndpointAsync(sut, Request(targetId, "pe-1"), Timeout);
        await CreateEndpointAsync(sut, Request(targetId, "pe-2"), Timeout);

        Task<PrivateEndpointInfo> third = CreateEndpointAsync(sut, Request(targetId, "pe-3"), Timeout);
        bool completedBeforeWindow = third.IsCompleted;
        int putsBeforeWindow = Emulator.CountRequests("PUT");
        clock.Advance(TimeSpan.FromMinutes(5));
        await third;

        Assert.False(completedBeforeWindow);
        Assert.Equal(2, putsBeforeWindow);
        Assert.Equal(3, Emulator.CountRequests("PUT"));
    }

    [Fact]
    public async Task BeginDelete_WaitingForTokenCancelled_ThrowsWithoutRequest()
    {
        var clock = new FakeTimeProvider();
        ArmPrivateEndpointClient sut = CreateSut(o => o.WriteBudget = 1, clock);
        await sut.BeginDeletePrivateEndpointAsync("pe-1", Timeout);
        using var cancel = new CancellationTokenSource();

        Task<PrivateEndpointOperation?> waiting = sut.BeginDeletePrivateEndpointAsync("pe-2", cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(1, Emulator.CountRequests("DELETE"));
    }

    [Fact]
    public async Task AcquireAsync_QueueFull_ThrowsTransient()
    {
        var clock = new FakeTimeProvider();
        using var sut = new ArmWriteLimiter(budget: 1, TimeSpan.FromMinutes(5), queueLimit: 1, clock);
        await sut.AcquireAsync(Timeout);
        _ = sut.AcquireAsync(Timeout);

        ArmTransientException ex = await Assert.ThrowsAsync<ArmTransientException>(async () => await sut.AcquireAsync(Timeout));

        Assert.Equal("ClientWriteBudgetExhausted", ex.ErrorCode);
    }
}
