using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PrivateLink.Api.Inbound.Watcher;

namespace PrivateLink.Api.Tests.Watcher;

public sealed class HealthWatchOptionsTests
{
    [Fact]
    public void SweepInterval_Unset_IsTheDegradedReprobeInterval()
    {
        using ServiceProvider services = Build([new("HealthWatch:DegradedReprobeInterval", "00:07:00")]);

        HealthWatchOptions sut = services.GetRequiredService<IOptions<HealthWatchOptions>>().Value;

        Assert.Null(sut.SweepInterval);
        Assert.Equal(TimeSpan.FromMinutes(7), sut.EffectiveSweepInterval);
    }

    [Fact]
    public void SweepInterval_Set_IsUsed()
    {
        using ServiceProvider services = Build([new("HealthWatch:SweepInterval", "01:00:00")]);

        Assert.Equal(TimeSpan.FromHours(1), services.GetRequiredService<IOptions<HealthWatchOptions>>().Value.EffectiveSweepInterval);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("2.00:00:00")]
    public void SweepInterval_OutOfRange_FailsValidationNamingIt(string value)
    {
        using ServiceProvider services = Build([new("HealthWatch:SweepInterval", value)]);

        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<HealthWatchOptions>>().Value);

        Assert.Contains("SweepInterval", ex.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(KeyValuePair<string, string?>[] settings)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddSingleton(configuration).AddOnboardingApi().BuildServiceProvider();
    }
}
