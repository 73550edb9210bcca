using PrivateLink.Arm;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.SupportMatrix;

namespace PrivateLink.Onboarding.Tests.Orchestration;

/// <summary>The customer's approval steps name the real target, the real endpoint and each tool's own parameters.</summary>
public sealed class ApprovalInstructionsTests
{
    private const string Sub = "00000000-0000-0000-0000-000000000001";
    private const string TargetId = $"/subscriptions/{Sub}/resourceGroups/rg-data/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg1";
    private const string EndpointId = $"/subscriptions/{Sub}/resourceGroups/rg-privatelink-onboarding/providers/Microsoft.Network/privateEndpoints/pe-onboard-dst-1";

    [Fact]
    public void For_AzureTarget_PortalLinkAndCliAndPowerShellSelectThisEndpointsConnection()
    {
        string steps = ApprovalInstructions.For(Input(DestinationType.AzurePostgreSql, TargetId), [Endpoint()]);

        Assert.Contains($"https://portal.azure.com/#@/resource{TargetId}", steps, StringComparison.Ordinal);
        Assert.Contains(ApprovalInstructions.PendingConnectionsUrl, steps, StringComparison.Ordinal);
        Assert.Contains(
            $"az network private-endpoint-connection approve --description \"Approved\" --id $(az network private-endpoint-connection list --id {TargetId} --query \"[?properties.privateEndpoint.id=='{EndpointId}'].id\" -o tsv)",
            steps,
            StringComparison.Ordinal);
        Assert.Contains($"Get-AzPrivateEndpointConnection -PrivateLinkResourceId '{TargetId}'", steps, StringComparison.Ordinal);
        Assert.Contains($"$_.PrivateEndpoint.Id -eq '{EndpointId}'", steps, StringComparison.Ordinal);
        Assert.Contains("Approve-AzPrivateEndpointConnection -ResourceId $_.Id", steps, StringComparison.Ordinal);
        Assert.DoesNotContain("SYSTEM$", steps, StringComparison.Ordinal);
    }

    [Fact]
    public void For_Snowflake_TheAccountAdministratorAuthorisesTheEndpointAndNoTokenIsInTheText()
    {
        const string alias = "sf-pvlinksvc-azeastus.7d3c9a51-2b8e-4f6a-9c11-5e0d4b7a2f10.eastus.azure.privatelinkservice";

        string steps = ApprovalInstructions.For(Input(DestinationType.Snowflake, alias), [Endpoint()]);

        Assert.Contains($"USE ROLE ACCOUNTADMIN; SELECT SYSTEM$AUTHORIZE_PRIVATELINK('{EndpointId}', '<federated token>');", steps, StringComparison.Ordinal);
        Assert.Contains($"az account get-access-token --subscription {Sub}", steps, StringComparison.Ordinal);
        Assert.Contains("never in it", steps, StringComparison.Ordinal);
        Assert.DoesNotContain("az network private-endpoint-connection", steps, StringComparison.Ordinal);
    }

    [Fact]
    public void For_AliasOfAnotherPrivateLinkService_NamesTheAliasAndTheEndpoint()
    {
        const string alias = "vm-pls.11111111-2222-3333-4444-555555555555.eastus.azure.privatelinkservice";

        string steps = ApprovalInstructions.For(Input(DestinationType.GenericPostgreSql, alias), [Endpoint()]);

        Assert.Contains($"alias {alias}", steps, StringComparison.Ordinal);
        Assert.Contains(EndpointId, steps, StringComparison.Ordinal);
    }

    [Fact]
    public void For_TwoEndpoints_GivesTheCommandsForEach()
    {
        string second = EndpointId + "-blob";

        string steps = ApprovalInstructions.For(Input(DestinationType.AzureDataLakeStorage, TargetId), [Endpoint(), Endpoint(second)]);

        Assert.Contains($"privateEndpoint.id=='{EndpointId}'", steps, StringComparison.Ordinal);
        Assert.Contains($"privateEndpoint.id=='{second}'", steps, StringComparison.Ordinal);
    }

    private static DestinationEndpoint Endpoint(string id = EndpointId) =>
        new(id[(id.LastIndexOf('/') + 1)..], null, "pg1.postgres.database.azure.com", new PrivateEndpointInfo(id, id[(id.LastIndexOf('/') + 1)..], "Succeeded", ConnectionStatus.Pending, null, null, [], [], "dst-1"), null);

    private static OnboardDestinationInput Input(DestinationType type, string target) => new(
        "dst-1", type, target, null, "pg1.postgres.database.azure.com", [new PortMapping(5432, null)], true, "SUP-1", TimeSpan.FromDays(7), null);
}
