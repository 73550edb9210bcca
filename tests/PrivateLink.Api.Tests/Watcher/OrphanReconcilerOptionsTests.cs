using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PrivateLink.Api.Inbound.Watcher;
using PrivateLink.Api.Jobs;

namespace PrivateLink.Api.Tests.Watcher;

public sealed class OrphanReconcilerOptionsTests
{
    [Fact]
    public void Defaults_AreDocumentedValues()
    {
        OrphanReconcilerOptions sut = new();

        Assert.Equal((true, TimeSpan.FromMinutes(10), TimeSpan.FromHours(1)), (sut.Enabled, sut.Interval, sut.GracePeriod));
        Assert.True(Validator.TryValidateObject(sut, new ValidationContext(sut), null, validateAllProperties: true));
    }

    [Theory]
    [InlineData("OrphanReconciler:GracePeriod", "00:00:30")]
    [InlineData("OrphanReconciler:GracePeriod", "100.00:00:00")]
    [InlineData("OrphanReconciler:Interval", "00:00:00")]
    [InlineData("OrphanReconciler:Interval", "2.00:00:00")]
    public void AddOnboardingApi_OutOfRangeSetting_FailsValidationNamingIt(string key, string value)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();
        using ServiceProvider services = new ServiceCollection().AddSingleton(configuration).AddOnboardingApi().BuildServiceProvider();

        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<OrphanReconcilerOptions>>().Value);

        Assert.Contains(key.Split(':')[1], ex.Message, StringComparison.Ordinal);
    }
}
