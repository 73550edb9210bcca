using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace PrivateLink.ArmEmulator;

/// <summary>An in-process HTTPS server that speaks the Azure Resource Manager REST shapes the ARM adapter uses.</summary>
/// <remarks>
/// For local runs and tests only. It listens on 127.0.0.1 on a free port with a self-signed certificate made at start
/// (trust it by <see cref="CertificateThumbprint"/>), accepts any bearer token but requires one, and holds everything in memory:
/// seeded target resources and Private Link Services, private endpoints with their connection state, long-running operations,
/// injected faults and a journal of every request.
/// </remarks>
public sealed class ArmEmulatorServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly EmulatorState state;

    private ArmEmulatorServer(WebApplication app, EmulatorState state, X509Certificate2 certificate, Uri baseAddress)
    {
        this.app = app;
        this.state = state;
        Certificate = certificate;
        BaseAddress = baseAddress;
    }

    /// <summary>Gets the emulator's address, <c>https://127.0.0.1:{port}/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Gets the server certificate (self-signed, CN=localhost, SAN DNS:localhost and IP:127.0.0.1).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Gets the SHA-256 thumbprint (upper-case hex) of <see cref="Certificate"/>: the value for <c>Arm:TrustedServerCertificateThumbprint</c>.</summary>
    public string CertificateThumbprint => Certificate.GetCertHashString(HashAlgorithmName.SHA256);

    /// <summary>Gets the subscription id the emulator was started with.</summary>
    public string SubscriptionId => state.Options.SubscriptionId;

    /// <summary>Gets the number of private endpoints that exist now.</summary>
    public int PrivateEndpointCount
    {
        get
        {
            lock (state.Gate)
            {
                return state.Endpoints.Count;
            }
        }
    }

    /// <summary>Starts an emulator on a free loopback port, on the system clock.</summary>
    /// <param name="options">The emulator's settings.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator; dispose it to stop.</returns>
    /// <exception cref="ValidationException">An option is out of range.</exception>
    public static Task<ArmEmulatorServer> StartAsync(ArmEmulatorOptions options, CancellationToken cancellationToken) =>
        StartAsync(options, TimeProvider.System, cancellationToken);

    /// <summary>Starts an emulator on a free loopback port whose operations, windows and lags run on <paramref name="timeProvider"/>.</summary>
    /// <param name="options">The emulator's settings.</param>
    /// <param name="timeProvider">The clock (a fake one lets a test run an 8-minute create in no time).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator; dispose it to stop.</returns>
    /// <exception cref="ValidationException">An option is out of range.</exception>
    public static async Task<ArmEmulatorServer> StartAsync(ArmEmulatorOptions options, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(options);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);

        X509Certificate2 certificate = SelfSignedCertificate.Create(TimeProvider.System);
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseKestrelHttpsConfiguration().ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        WebApplication app = builder.Build();

        var state = new EmulatorState(options, timeProvider);
        var handler = new ArmRequestHandler(state, timeProvider);
        app.Run(handler.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var baseAddress = new Uri(new Uri(address).GetLeftPart(UriPartial.Authority) + "/");
        handler.BaseAddress = baseAddress;
        return new ArmEmulatorServer(app, state, certificate, baseAddress);
    }

    /// <summary>Builds a resource ID in the emulator's subscription.</summary>
    /// <param name="resourceGroup">The resource group.</param>
    /// <param name="resourceType">The type, e.g. <c>Microsoft.Sql/servers</c>.</param>
    /// <param name="name">The resource name.</param>
    /// <returns>The resource ID.</returns>
    public string ResourceId(string resourceGroup, string resourceType, string name) =>
        $"/subscriptions/{SubscriptionId}/resourceGroups/{resourceGroup}/providers/{resourceType}/{name}";

    /// <summary>Seeds an Azure-hosted target resource (SQL server, PostgreSQL flexible server, storage account, ...).</summary>
    /// <remarks>
    /// By default the target is in the customer's own tenant, as real customers' resources are: the service's GET of it answers
    /// 401 <c>InvalidAuthenticationTokenTenant</c>. Pass <paramref name="access"/> <see cref="TargetAccess.Readable"/> where a test needs
    /// the service to read it. Creating a private endpoint to it works either way.
    /// </remarks>
    /// <param name="resourceId">The target's resource ID.</param>
    /// <param name="groupIds">The groupIds its <c>privateLinkResources</c> list; null uses the provider's list for the type, kind and sku.</param>
    /// <param name="location">The target's region.</param>
    /// <param name="exposesPrivateLinkResources">False makes <c>{id}/privateLinkResources</c> answer 400, as providers without the list do.</param>
    /// <param name="access">Whether the service may read it (default: another tenant, 401).</param>
    /// <param name="kind">The resource's <c>kind</c> (Cosmos DB <c>GlobalDocumentDB</c> or <c>MongoDB</c>; Storage <c>StorageV2</c>).</param>
    /// <param name="skuName">The resource's <c>sku.name</c> (Service Bus <c>Premium</c> by default; Storage <c>Standard_LRS</c> by default).</param>
    /// <param name="capabilities">Cosmos DB capabilities, e.g. <c>EnableCassandra</c>.</param>
    public void SeedTarget(
        string resourceId,
        IReadOnlyList<string>? groupIds = null,
        string location = "eastus",
        bool exposesPrivateLinkResources = true,
        TargetAccess access = TargetAccess.OtherTenant,
        string? kind = null,
        string? skuName = null,
        IReadOnlyList<string>? capabilities = null)
    {
        (string type, string name) = ParseId(resourceId);
        ProviderKind provider = TargetCatalog.ProviderOf(type);
        kind ??= provider switch
        {
            ProviderKind.CosmosDb => "GlobalDocumentDB",
            ProviderKind.Storage => "StorageV2",
            _ => null,
        };
        skuName ??= provider switch
        {
            ProviderKind.ServiceBus => "Premium",
            ProviderKind.Storage => "Standard_LRS",
            _ => null,
        };
        string? skuTier = provider switch
        {
            ProviderKind.ServiceBus => skuName,
            ProviderKind.Storage => skuName!.StartsWith("Premium", StringComparison.OrdinalIgnoreCase) ? "Premium" : "Standard",
            _ => null,
        };
        var target = new EmulatedTarget
        {
            Id = resourceId,
            Name = name,
            ResourceType = type,
            Location = location,
            GroupIds = exposesPrivateLinkResources ? groupIds ?? TargetCatalog.DefaultGroupIds(type, kind, skuName, capabilities) ?? [] : null,
            Access = access,
            Kind = kind,
            SkuName = skuName,
            SkuTier = skuTier,
            Capabilities = capabilities ?? [],
        };
        lock (state.Gate)
        {
            state.Targets[resourceId] = target;
        }
    }

    /// <summary>Declares a resource group that exists with nothing seeded in it (GETs in other unknown groups answer <c>ResourceGroupNotFound</c>).</summary>
    /// <param name="resourceGroup">The group's name in the emulator's subscription.</param>
    public void AddResourceGroup(string resourceGroup)
    {
        ArgumentException.ThrowIfNullOrEmpty(resourceGroup);
        lock (state.Gate)
        {
            state.ResourceGroups.Add(resourceGroup);
        }
    }

    /// <summary>Seeds a Private Link Service in front of a VM-hosted destination.</summary>
    /// <param name="resourceId">The service's resource ID (<c>Microsoft.Network/privateLinkServices</c>).</param>
    /// <param name="alias">The service's alias.</param>
    /// <param name="autoApprovalSubscriptions">Subscriptions whose endpoints are approved automatically.</param>
    /// <param name="frontendIpConfigurationIds">The load balancer frontend IP configuration ids.</param>
    /// <param name="fqdns">The FQDNs the service publishes (copied into endpoints' <c>customDnsConfigs</c>).</param>
    /// <param name="location">The service's region.</param>
    /// <param name="access">Whether the service may read it (default: another tenant, 401).</param>
    /// <param name="aliasVisible">Whether <c>checkPrivateLinkServiceVisibility</c> answers visible for the alias.</param>
    public void SeedPrivateLinkService(
        string resourceId,
        string alias,
        IReadOnlyList<string>? autoApprovalSubscriptions = null,
        IReadOnlyList<string>? frontendIpConfigurationIds = null,
        IReadOnlyList<string>? fqdns = null,
        string location = "eastus",
        TargetAccess access = TargetAccess.OtherTenant,
        bool aliasVisible = true)
    {
        (string type, string name) = ParseId(resourceId);
        if (!string.Equals(type, TargetCatalog.PrivateLinkServiceType, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"Expected a {TargetCatalog.PrivateLinkServiceType} id, got type '{type}'.", nameof(resourceId));
        }

        var target = new EmulatedTarget
        {
            Id = resourceId,
            Name = name,
            ResourceType = TargetCatalog.PrivateLinkServiceType,
            Location = location,
            GroupIds = null,
            Alias = alias,
            AutoApprovalSubscriptions = autoApprovalSubscriptions ?? [],
            FrontendIpConfigurationIds = frontendIpConfigurationIds
                ?? [$"/subscriptions/{SubscriptionId}/resourceGroups/{resourceId.Split('/')[4]}/providers/Microsoft.Network/loadBalancers/lb/frontendIPConfigurations/fe-lb"],
            Fqdns = fqdns ?? [],
            Access = access,
            AliasVisible = aliasVisible,
        };
        lock (state.Gate)
        {
            state.Targets[resourceId] = target;
        }
    }

    /// <summary>Creates private endpoints directly (no ARM calls, no journal entries), e.g. to fill a list for paging tests.</summary>
    /// <param name="resourceGroup">The endpoints' resource group.</param>
    /// <param name="names">The endpoint names.</param>
    /// <param name="targetResourceId">A seeded target they connect to.</param>
    /// <param name="tags">The tags each endpoint carries.</param>
    public void SeedPrivateEndpoints(string resourceGroup, IEnumerable<string> names, string targetResourceId, IReadOnlyDictionary<string, string> tags)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(tags);
        lock (state.Gate)
        {
            EmulatedTarget target = state.Targets.TryGetValue(targetResourceId, out EmulatedTarget? t)
                ? t
                : throw new ArgumentException($"Target '{targetResourceId}' is not seeded.", nameof(targetResourceId));
            string? groupId = target.GroupIds?.FirstOrDefault();
            foreach (string name in names)
            {
                string id = ResourceId(resourceGroup, TargetCatalog.PrivateEndpointType, name);
                string resourceGuid = Guid.NewGuid().ToString();
                IReadOnlyList<string> endpointFqdns = target.IsPrivateLinkService ? target.Fqdns : TargetCatalog.Fqdns(target.ResourceType, target.Name, groupId, target.Location);
                state.Endpoints[id] = new EmulatedPrivateEndpoint
                {
                    Id = id,
                    Name = name,
                    Location = target.Location,
                    Tags = new Dictionary<string, string>(tags, StringComparer.OrdinalIgnoreCase),
                    SubnetId = $"/subscriptions/{SubscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/endpoints",
                    ConnectionName = name,
                    PrivateLinkServiceId = target.Id,
                    TargetId = target.Id,
                    Provider = target.Provider,
                    GroupIds = groupId is null ? [] : [groupId],
                    RequestMessage = "Seeded by the ARM emulator.",
                    TargetConnectionName = TargetCatalog.ConnectionName(target.Provider, name, target.Name, resourceGuid, Guid.NewGuid()),
                    ResourceGuid = resourceGuid,
                    NicGuid = Guid.NewGuid().ToString(),
                    PrivateIpAddresses = [.. Enumerable.Range(0, Math.Max(1, target.IsPrivateLinkService ? 1 : endpointFqdns.Count)).Select(_ => state.AllocateIp())],
                    Fqdns = endpointFqdns,
                    ProvisioningState = "Succeeded",
                    ConnectionDescription = string.Empty,
                };
            }
        }
    }

    /// <summary>Approves the connection of a private endpoint, as the customer would in the portal.</summary>
    /// <param name="privateEndpointName">The endpoint's name.</param>
    /// <param name="description">The customer's description.</param>
    /// <remarks>Like a real customer's decision, it shows on the endpoint after <see cref="ArmEmulatorOptions.ConnectionStateLag"/> (Cosmos DB: its own lag).</remarks>
    /// <returns>False when no such endpoint exists or its state does not allow approval (rejected, disconnected).</returns>
    public bool ApproveConnection(string privateEndpointName, string? description = null) => Decide(privateEndpointName, "Approved", description);

    /// <summary>Rejects the connection of a private endpoint, as the customer would in the portal.</summary>
    /// <param name="privateEndpointName">The endpoint's name.</param>
    /// <param name="description">The customer's description.</param>
    /// <returns>False when no such endpoint exists.</returns>
    public bool RejectConnection(string privateEndpointName, string? description = null) => Decide(privateEndpointName, "Rejected", description);

    /// <summary>Removes the connection on the customer's side: the endpoint's connection becomes Disconnected.</summary>
    /// <param name="privateEndpointName">The endpoint's name.</param>
    /// <returns>False when no such endpoint exists.</returns>
    public bool RemoveConnection(string privateEndpointName)
    {
        lock (state.Gate)
        {
            EmulatedPrivateEndpoint? pe = state.FindEndpointByName(privateEndpointName);
            if (pe is null)
            {
                return false;
            }

            EmulatorState.Disconnect(pe, null);
            return true;
        }
    }

    /// <summary>Makes a connection flip to Disconnected after the endpoint has been read <paramref name="reads"/> more times.</summary>
    /// <param name="privateEndpointName">The endpoint's name.</param>
    /// <param name="reads">How many GETs of the endpoint still show the current state.</param>
    /// <returns>False when no such endpoint exists.</returns>
    public bool DisconnectAfterReads(string privateEndpointName, int reads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(reads);
        lock (state.Gate)
        {
            EmulatedPrivateEndpoint? pe = state.FindEndpointByName(privateEndpointName);
            if (pe is null)
            {
                return false;
            }

            pe.DisconnectAfterReads = reads + 1;
            return true;
        }
    }

    /// <summary>Gets the status of a private endpoint's connection (<c>Pending</c>, <c>Approved</c>, <c>Rejected</c>, <c>Disconnected</c>).</summary>
    /// <param name="privateEndpointName">The endpoint's name.</param>
    /// <returns>The status, or null when no such endpoint exists.</returns>
    public string? GetConnectionStatus(string privateEndpointName)
    {
        lock (state.Gate)
        {
            state.Tick();
            return state.FindEndpointByName(privateEndpointName)?.ConnectionStatus;
        }
    }

    /// <summary>Gets the name under which the target lists an endpoint's connection (for the customer-side REST call).</summary>
    /// <param name="privateEndpointName">The endpoint's name.</param>
    /// <returns>The connection name, or null when no such endpoint exists.</returns>
    public string? GetTargetConnectionName(string privateEndpointName)
    {
        lock (state.Gate)
        {
            return state.FindEndpointByName(privateEndpointName)?.TargetConnectionName;
        }
    }

    /// <summary>Tells whether a private endpoint with this name exists now.</summary>
    /// <param name="privateEndpointName">The endpoint's name.</param>
    /// <returns>True when it exists.</returns>
    public bool PrivateEndpointExists(string privateEndpointName)
    {
        lock (state.Gate)
        {
            return state.FindEndpointByName(privateEndpointName) is not null;
        }
    }

    /// <summary>Gets the A records of a private endpoint's <c>privateDnsZoneGroups</c> child, as Azure wrote them.</summary>
    /// <param name="privateEndpointName">The endpoint's name.</param>
    /// <returns>Each record's FQDN (in the <c>privatelink</c> zone) with its addresses; null when the endpoint has no zone group.</returns>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? GetZoneGroupRecords(string privateEndpointName)
    {
        lock (state.Gate)
        {
            state.Tick();
            EmulatedPrivateEndpoint? pe = state.FindEndpointByName(privateEndpointName);
            EmulatedZoneGroup? group = pe is null ? state.ZoneGroups.Values.FirstOrDefault(g => g.EndpointId.EndsWith("/" + privateEndpointName, StringComparison.OrdinalIgnoreCase)) : state.ZoneGroups.GetValueOrDefault(pe.Id);
            return group?.Records.ToDictionary(r => r.Fqdn, r => r.IpAddresses, StringComparer.OrdinalIgnoreCase);
        }
    }

    /// <summary>Gets the addresses of an A record set in a private DNS zone of any resource group.</summary>
    /// <param name="zoneName">The zone, e.g. <c>privatelink.snowflakecomputing.com</c>.</param>
    /// <param name="recordSetName">The record set's name relative to the zone.</param>
    /// <returns>The addresses; null when there is no such record set.</returns>
    public IReadOnlyList<string>? GetDnsRecord(string zoneName, string recordSetName)
    {
        lock (state.Gate)
        {
            state.Tick();
            return state.DnsZones
                .Where(z => z.Key.EndsWith("/" + zoneName, StringComparison.OrdinalIgnoreCase))
                .Select(z => z.Value.GetValueOrDefault(recordSetName.ToLowerInvariant()))
                .FirstOrDefault(r => r is not null);
        }
    }

    /// <summary>Gets how many times a private endpoint with this name was created (a PUT that made a new one).</summary>
    /// <param name="privateEndpointName">The endpoint's name.</param>
    /// <returns>The count; 0 when never created.</returns>
    public int CreatedCount(string privateEndpointName)
    {
        lock (state.Gate)
        {
            return state.CreatedCounts.GetValueOrDefault(privateEndpointName);
        }
    }

    /// <summary>Adds a fault rule (checked in the order added).</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>The same rule, whose <see cref="ArmFaultRule.Applied"/> counts its applications.</returns>
    public ArmFaultRule AddFault(ArmFaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (state.Gate)
        {
            state.Faults.Add(rule);
        }

        return rule;
    }

    /// <summary>Removes every fault rule.</summary>
    public void ClearFaults()
    {
        lock (state.Gate)
        {
            state.Faults.Clear();
        }
    }

    /// <summary>Gets a copy of the request journal, oldest first.</summary>
    /// <returns>Every request answered since start (or the last <see cref="ClearJournal"/>).</returns>
    public IReadOnlyList<ArmJournalEntry> GetJournal()
    {
        lock (state.Gate)
        {
            return [.. state.Journal];
        }
    }

    /// <summary>Counts journalled requests by method and path.</summary>
    /// <param name="method">The HTTP method; null counts every method.</param>
    /// <param name="pathPattern">A case-insensitive regular expression the path must match; null matches every path.</param>
    /// <returns>The number of matching requests.</returns>
    public int CountRequests(string? method = null, string? pathPattern = null)
    {
        lock (state.Gate)
        {
            return state.Journal.Count(e =>
                (method is null || string.Equals(e.Method, method, StringComparison.OrdinalIgnoreCase))
                && (pathPattern is null || Regex.IsMatch(e.Path, pathPattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))));
        }
    }

    /// <summary>Empties the request journal.</summary>
    public void ClearJournal()
    {
        lock (state.Gate)
        {
            state.Journal.Clear();
        }
    }

    /// <summary>Stops the server and releases the certificate.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        Certificate.Dispose();
    }

    private bool Decide(string privateEndpointName, string status, string? description)
    {
        lock (state.Gate)
        {
            state.Tick();
            EmulatedPrivateEndpoint? pe = state.FindEndpointByName(privateEndpointName);
            return pe is not null && state.Decide(pe, status, description) is null;
        }
    }

    private static (string Type, string Name) ParseId(string resourceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(resourceId);
        string[] s = resourceId.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (s.Length != 8 || !string.Equals(s[0], "subscriptions", StringComparison.OrdinalIgnoreCase)
            || !string.Equals(s[2], "resourceGroups", StringComparison.OrdinalIgnoreCase) || !string.Equals(s[4], "providers", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"Expected /subscriptions/{{sub}}/resourceGroups/{{rg}}/providers/{{namespace}}/{{type}}/{{name}}, got '{resourceId}'.", nameof(resourceId));
        }

        return ($"{s[5]}/{s[6]}", s[7]);
    }
}
