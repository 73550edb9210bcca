using System.ComponentModel.DataAnnotations;
using PrivateLink.SupportMatrix;

namespace PrivateLink.ArmEmulator;

/// <summary>Settings of an <see cref="ArmEmulatorServer"/>.</summary>
/// <remarks>
/// The defaults model real ARM as recorded (see the Azure CLI cassettes the conformance tests replay): operations take tens of
/// seconds (Cosmos DB minutes), polls carry no Retry-After, writes meet 409 <c>AnotherOperationInProgress</c> right after a create,
/// <c>customDnsConfigs</c> fill only some time after approval, a Cosmos DB decision shows late. A test that wants the old instant
/// behaviour sets the durations and lags it needs to zero, per test.
/// </remarks>
public sealed class ArmEmulatorOptions
{
    /// <summary>The configuration section an emulator started by a host reads.</summary>
    public const string SectionName = "ArmEmulator";

    /// <summary>Gets or sets the subscription the emulator's Azure-AsyncOperation URLs and helpers use.</summary>
    /// <value>The default is <c>00000000-0000-0000-0000-000000000001</c>.</value>
    [Required]
    [RegularExpression("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    public string SubscriptionId { get; set; } = "00000000-0000-0000-0000-000000000001";

    /// <summary>Gets or sets the private IP address every new private endpoint gets.</summary>
    /// <remarks>
    /// Null allocates 10.0.0.4, 10.0.0.5, ... in creation order, as a /24 subnet would. A local demo sets 127.0.0.1 so the
    /// connectivity probe reaches a loopback server.
    /// </remarks>
    /// <value>The default is null (sequential allocation from 10.0.0.4).</value>
    public string? PrivateIpAddress { get; set; }

    /// <summary>Gets or sets the address prefix of every subnet the emulator serves (a subnet GET lists the endpoints created in it).</summary>
    /// <value>The default is <c>10.0.0.0/24</c>, where sequential allocation starts at 10.0.0.4 as Azure's does.</value>
    [RegularExpression(@"^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}/\d{1,2}$")]
    public string SubnetAddressPrefix { get; set; } = "10.0.0.0/24";

    /// <summary>Gets or sets the least number of polls of an operation URL before the operation may end (0: time alone decides).</summary>
    /// <value>The default is 0.</value>
    [Range(0, 100)]
    public int PollsUntilTerminal { get; set; }

    /// <summary>Gets or sets how long (on the emulator's clock) a private endpoint PUT or DELETE runs.</summary>
    /// <value>The default is 40 seconds (recorded creates took 33 to 72 seconds).</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan OperationDuration { get; set; } = TimeSpan.FromSeconds(40);

    /// <summary>Gets or sets how long a PUT of a private endpoint to a Cosmos DB account runs.</summary>
    /// <value>The default is 8 minutes (as recorded).</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan CosmosDbOperationDuration { get; set; } = TimeSpan.FromMinutes(8);

    /// <summary>Gets or sets how long after a create ends writes to the endpoint answer 409 <c>AnotherOperationInProgress</c>.</summary>
    /// <remarks>Azure Policy (deployIfNotExists) adding a private DNS zone group right after creation holds the endpoint this way.</remarks>
    /// <value>The default is 5 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ConflictWindowAfterCreate { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how long after a manual approval the provider fills the endpoint's <c>customDnsConfigs</c> (never for a Private Link Service).</summary>
    /// <value>The default is 10 seconds (the real lag was not recorded).</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan DnsConfigLagAfterApproval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how long a customer's approve or reject takes to show on the endpoint (eventual consistency).</summary>
    /// <value>The default is 2 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ConnectionStateLag { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets how long a Cosmos DB customer's decision takes to show (two GETs 12 s apart still showed the old state).</summary>
    /// <value>The default is 25 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan CosmosDbConnectionStateLag { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>Gets or sets how long PostgreSQL's connection says <c>Approving</c> after an approval (its status shows Approved at once).</summary>
    /// <value>The default is 20 seconds (recorded: still Approving 12 s after, Ready 24 s after).</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan PostgreSqlApprovingDuration { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Gets or sets the number of items per page of a list response (more items produce a <c>nextLink</c>).</summary>
    /// <value>The default is 1000.</value>
    [Range(1, 100_000)]
    public int PageSize { get; set; } = 1000;

    /// <summary>Gets or sets the Retry-After (seconds) sent with an operation that is still running; null sends none, as real Network polls.</summary>
    /// <value>The default is null.</value>
    [Range(0, 60)]
    public int? OperationRetryAfterSeconds { get; set; }

    /// <summary>Gets or sets how long (on the emulator's clock) a <c>privateDnsZoneGroups</c> PUT or DELETE runs before its records are written or removed.</summary>
    /// <remarks>Not recorded: Azure answers these like the endpoint (201/200 or 202 with <c>Azure-AsyncOperation</c>); a few seconds is what public reports describe.</remarks>
    /// <value>The default is 10 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan PrivateDnsZoneGroupOperationDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets the private DNS zones that exist in each resource group the service owns (as <c>infra/</c> deploys them).</summary>
    /// <value>The default is every fixed zone of the support matrix (SQL Managed Instance's per-instance zones excepted) and Snowflake's.</value>
    public IList<string> PrivateDnsZones { get; } = DestinationCatalog.ResourceTypes
        .SelectMany(r => r.Subresources)
        .Select(s => s.PrivateDnsZone)
        .Where(z => !z.Contains('{', StringComparison.Ordinal))
        .Append(DestinationCatalog.SnowflakePrivateDnsZone)
        .Distinct(StringComparer.OrdinalIgnoreCase)
        .ToList();
}
