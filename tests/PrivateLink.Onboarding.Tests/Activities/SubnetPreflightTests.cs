using PrivateLink.Arm;
using PrivateLink.Onboarding.Activities;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Tests.Validation;
using PrivateLink.Onboarding.Validation;
using PrivateLink.SupportMatrix;

namespace PrivateLink.Onboarding.Tests.Activities;

public sealed class SubnetPreflightTests
{
    private const string SubnetId = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/endpoints";

    [Fact]
    public void Apply_FreeAddresses_ReportsTheCountAndStaysValid()
    {
        OnboardDestinationInput input = Input(DestinationType.AzureSqlDatabase);
        TargetValidation valid = Valid(input, ["sqlServer"]);

        TargetValidation sut = ValidateTargetActivity.ApplySubnet(input, valid, valid.Preflight!, new SubnetCapacity(SubnetId, ["10.0.0.0/24"], 251, 3, ["/x/privateEndpoints/pe-other"]));

        Assert.True(sut.IsValid);
        Assert.Equal(248, sut.Preflight!.SubnetFreeAddresses);
        Assert.Equal(
            $"Endpoint subnet {SubnetId} (10.0.0.0/24): 248 of 251 addresses free (3 IP configurations, 1 private endpoints); this destination needs at least 1 more.",
            sut.Preflight.Subnet);
    }

    [Fact]
    public void Apply_FullSubnet_FailsValidationWithTheNumbers()
    {
        OnboardDestinationInput input = Input(DestinationType.AzureDataLakeStorage);
        TargetValidation valid = Valid(input, ["blob", "dfs"]);

        TargetValidation sut = ValidateTargetActivity.ApplySubnet(input, valid, valid.Preflight!, new SubnetCapacity(SubnetId, ["10.0.0.0/29"], 3, 2, []));

        Assert.False(sut.IsValid);
        Assert.StartsWith($"The endpoint subnet {SubnetId} has 1 free addresses; this destination needs at least 2 (one per private endpoint).", sut.Reason, StringComparison.Ordinal);
        Assert.Equal(1, sut.Preflight!.SubnetFreeAddresses);
    }

    [Fact]
    public void Apply_FullSubnetHoldingThisDestinationsEndpoint_StaysValid()
    {
        // A resubmission or retried create: the endpoint is already in the subnet and needs no new address.
        OnboardDestinationInput input = Input(DestinationType.AzureSqlDatabase);
        TargetValidation valid = Valid(input, ["sqlServer"]);
        string existing = $"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/{input.EndpointName}";

        TargetValidation sut = ValidateTargetActivity.ApplySubnet(input, valid, valid.Preflight!, new SubnetCapacity(SubnetId, ["10.0.0.0/29"], 3, 3, [existing]));

        Assert.True(sut.IsValid);
        Assert.Equal(0, sut.Preflight!.SubnetFreeAddresses);
        Assert.EndsWith("needs at least 0 more.", sut.Preflight.Subnet, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_ClientDoesNotReadSubnets_SaysNotChecked()
    {
        OnboardDestinationInput input = Input(DestinationType.AzureSqlDatabase);
        TargetValidation valid = Valid(input, ["sqlServer"]);

        TargetValidation sut = ValidateTargetActivity.ApplySubnet(input, valid, valid.Preflight!, null);

        Assert.True(sut.IsValid);
        Assert.Null(sut.Preflight!.SubnetFreeAddresses);
        Assert.Equal("Endpoint subnet free addresses not checked.", sut.Preflight.Subnet);
    }

    private static TargetValidation Valid(OnboardDestinationInput input, IReadOnlyList<string> groupIds) =>
        new(true, groupIds[0], "westeurope", null, new PreflightReport(true, "Target read."), groupIds);

    private static OnboardDestinationInput Input(DestinationType type) =>
        OnboardingRequestValidator.Validate(OnboardingRequestValidatorTests.ValidRequest(type), out _)!;
}
