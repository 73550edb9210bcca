using PrivateLink.Arm;
using PrivateLink.Onboarding.Activities;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Tests.Validation;
using PrivateLink.Onboarding.Validation;
using PrivateLink.SupportMatrix;

namespace PrivateLink.Onboarding.Tests.Activities;

public sealed class ValidateTargetActivityTests
{
    [Fact]
    public void Decide_NoGroupIdRequested_DiscoversTheFirstOfferedGroupIdOfTheType()
    {
        OnboardDestinationInput input = Input(DestinationType.AzureSynapse);
        var target = new TargetResourceInfo(input.TargetResourceId, "Microsoft.Synapse/workspaces", "westeurope", ["Dev", "SqlOnDemand"], null);

        TargetValidation sut = ValidateTargetActivity.Decide(DestinationCatalog.Get(input.DestinationType), input, target);

        Assert.Equal((true, "SqlOnDemand", "westeurope"), (sut.IsValid, sut.GroupId, sut.Location));
    }

    [Fact]
    public void Decide_AdlsGen2_NeedsEndpointsForBlobAndDfs()
    {
        OnboardDestinationInput input = Input(DestinationType.AzureDataLakeStorage);
        var target = new TargetResourceInfo(input.TargetResourceId, "Microsoft.Storage/storageAccounts", "westeurope", ["blob", "table", "queue", "file", "web", "dfs"], null);

        TargetValidation sut = ValidateTargetActivity.Decide(DestinationCatalog.Get(input.DestinationType), input, target);

        Assert.True(sut.IsValid);
        Assert.Equal(["blob", "dfs"], sut.GroupIds);
    }

    [Fact]
    public void Decide_AdlsGen2WithoutBlob_IsInvalidNamingTheMissingSubresource()
    {
        OnboardDestinationInput input = Input(DestinationType.AzureDataLakeStorage);
        var target = new TargetResourceInfo(input.TargetResourceId, "Microsoft.Storage/storageAccounts", "westeurope", ["table", "dfs"], null);

        TargetValidation sut = ValidateTargetActivity.Decide(DestinationCatalog.Get(input.DestinationType), input, target);

        Assert.False(sut.IsValid);
        Assert.Contains("'blob'", sut.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Unverified_TargetRefused403_UsesTheRequestedGroupIdAndSaysSo()
    {
        OnboardDestinationInput input = Input(DestinationType.AzureSqlDatabase);

        TargetValidation sut = ValidateTargetActivity.Unverified(DestinationCatalog.Get(input.DestinationType), input, "AuthorizationFailed", "no role");

        Assert.Equal((true, "sqlServer", false), (sut.IsValid, sut.GroupId, sut.Preflight!.Readable));
        Assert.Contains("no role on the target", sut.Preflight.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ProviderHidesItsList_FallsBackToTheMatrix()
    {
        OnboardDestinationInput input = Input(DestinationType.AzureSqlDatabase);
        var target = new TargetResourceInfo(input.TargetResourceId, "Microsoft.Sql/servers", "eastus", null, null);

        TargetValidation sut = ValidateTargetActivity.Decide(DestinationCatalog.Get(input.DestinationType), input, target);

        Assert.Equal((true, "sqlServer"), (sut.IsValid, sut.GroupId));
    }

    [Fact]
    public void Decide_TargetOfAnotherType_IsInvalid()
    {
        OnboardDestinationInput input = Input(DestinationType.AzureSqlDatabase);
        var target = new TargetResourceInfo(input.TargetResourceId, "Microsoft.Sql/managedInstances", "eastus", ["managedInstance"], null);

        TargetValidation sut = ValidateTargetActivity.Decide(DestinationCatalog.Get(input.DestinationType), input, target);

        Assert.False(sut.IsValid);
        Assert.Contains("Microsoft.Sql/managedInstances", sut.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_PrivateLinkService_NeedsNoGroupId()
    {
        OnboardDestinationInput input = Input(DestinationType.GenericMariaDb);
        var target = new TargetResourceInfo(input.TargetResourceId, DestinationCatalog.PrivateLinkServiceType, "eastus", null, new PrivateLinkServiceInfo("pls.alias", false, []));

        TargetValidation sut = ValidateTargetActivity.Decide(DestinationCatalog.Get(input.DestinationType), input, target);

        Assert.Equal((true, (string?)null), (sut.IsValid, sut.GroupId));
    }

    private static OnboardDestinationInput Input(DestinationType type) =>
        OnboardingRequestValidator.Validate(OnboardingRequestValidatorTests.ValidRequest(type), out _)!;
}
