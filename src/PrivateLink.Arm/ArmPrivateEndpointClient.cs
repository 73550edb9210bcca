using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.ResourceManager;
using Azure.ResourceManager.Resources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PrivateLink.Arm;

/// <summary><see cref="IPrivateEndpointClient"/> over <see cref="ArmClient"/> generic resources with pinned api-versions.</summary>
/// <remarks>
/// Requests per call (api-versions pinned, so no provider-metadata reads): preflight = 1 GET + 1 <c>privateLinkResources</c> GET
/// (Private Link Service: 1; an alias: 1 POST); create = 1 PUT; delete = 1 DELETE; each operation poll = 1; get = 1 (+1 NIC GET
/// once approved without <c>customDnsConfigs</c>); list = one GET per page. No call waits on a long operation.
/// Transient failures are retried inside the SDK pipeline (<see cref="ArmRetryPolicy"/>) before they surface as exceptions.
/// </remarks>
internal sealed partial class ArmPrivateEndpointClient : IPrivateEndpointClient, IPrivateDnsClient, IDisposable
{
    private readonly ArmOptions options;
    private readonly PrivateDnsOptions dnsOptions;
    private readonly ArmClient armClient;
    private readonly ArmRawClient rawClient;
    private readonly ArmWriteLimiter writeLimiter;
    private readonly TimeProvider timeProvider;
    private readonly ILogger<ArmPrivateEndpointClient> logger;

    /// <summary>Initializes a new instance of the <see cref="ArmPrivateEndpointClient"/> class.</summary>
    /// <param name="options">The adapter's settings.</param>
    /// <param name="timeProvider">The clock of the write limiter.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="credential">The credential; null uses <see cref="DefaultAzureCredential"/>.</param>
    /// <param name="dnsOptions">Where the private DNS zones are; null for the defaults (the endpoint resource group).</param>
    public ArmPrivateEndpointClient(IOptions<ArmOptions> options, TimeProvider timeProvider, ILogger<ArmPrivateEndpointClient> logger, TokenCredential? credential = null, IOptions<PrivateDnsOptions>? dnsOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.dnsOptions = dnsOptions?.Value ?? new PrivateDnsOptions();
        this.timeProvider = timeProvider;
        this.logger = logger;
        armClient = ArmClientFactory.Create(this.options, credential ?? new DefaultAzureCredential());
        rawClient = new ArmRawClient(armClient);
        writeLimiter = new ArmWriteLimiter(this.options.WriteBudget, this.options.WriteBudgetWindow, this.options.WriteQueueLimit, timeProvider);
    }

    /// <summary>Gets the client-side write budget (exposed for tests).</summary>
    internal ArmWriteLimiter WriteLimiter => writeLimiter;

    /// <inheritdoc/>
    public async Task<PrivateEndpointInfo?> GetPrivateEndpointAsync(string endpointName, CancellationToken cancellationToken)
    {
        ValidateEndpointName(endpointName, nameof(endpointName));
        ResourceIdentifier endpointId = PrivateEndpointId(endpointName);
        GenericResourceData? data = await CallAsync("GET", endpointId.ToString(), async () =>
        {
            try
            {
                Response<GenericResource> response = await armClient.GetGenericResource(endpointId).GetAsync(cancellationToken).ConfigureAwait(false);
                return response.Value.Data;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                return null;
            }
        }).ConfigureAwait(false);
        if (data is null)
        {
            return null;
        }

        PrivateEndpointInfo info = ToInfo(data);

        // customDnsConfigs is empty for a Private Link Service target (always) and for a Pending manual connection: the address
        // is on the endpoint's NIC. Read it only once the connection is Approved, when a caller needs the address.
        if (info.PrivateIpAddresses.Count == 0 && info.ConnectionStatus == ConnectionStatus.Approved && info.NetworkInterfaceId is { Length: > 0 } nicId)
        {
            string[] addresses = await ReadNicAddressesAsync(nicId, cancellationToken).ConfigureAwait(false);
            info = info with { PrivateIpAddresses = addresses };
        }

        return info;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// One GET per page of <c>/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network/privateEndpoints</c> (the scope the
    /// service's role covers), filtered by the owner tag here.
    /// The Network list carries each endpoint's connection state; the tag-filterable generic <c>/resources</c> list does not
    /// (no <c>properties</c>), so filtering there would cost one more GET per endpoint.
    /// </remarks>
    public async IAsyncEnumerable<PrivateEndpointInfo> ListOwnedPrivateEndpointsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string path = $"/subscriptions/{options.SubscriptionId}/resourceGroups/{options.ResourceGroup}/providers/Microsoft.Network/privateEndpoints";
        Uri? next = rawClient.Url(path, ArmApiVersions.Network);
        int owned = 0, total = 0, pages = 0;
        while (next is not null)
        {
            Uri current = next;
            using JsonDocument page = await CallAsync("LIST", path, () => rawClient.GetJsonAsync(current, cancellationToken)).ConfigureAwait(false);
            pages++;
            var found = new List<PrivateEndpointInfo>();
            if (page.RootElement.TryGetProperty("value", out JsonElement value) && value.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement item in value.EnumerateArray())
                {
                    total++;
                    IReadOnlyDictionary<string, string>? tags = PrivateEndpointMapper.ReadTags(item);
                    if (tags is not null && tags.TryGetValue(ArmTags.Owner, out string? owner) && string.Equals(owner, options.OwnerTag, StringComparison.Ordinal))
                    {
                        found.Add(PrivateEndpointMapper.FromResource(item));
                    }
                }
            }

            next = page.RootElement.TryGetProperty("nextLink", out JsonElement nextLink) && nextLink.ValueKind == JsonValueKind.String
                && nextLink.GetString() is { Length: > 0 } link
                ? new Uri(link)
                : null;

            foreach (PrivateEndpointInfo info in found)
            {
                owned++;
                yield return info;
            }
        }

        Log.OwnedEndpointsListed(logger, owned, total, pages);
    }

    /// <summary>Releases the write limiter and its timer.</summary>
    public void Dispose() => writeLimiter.Dispose();

    internal static PrivateEndpointInfo ToInfo(GenericResourceData data)
    {
        using JsonDocument properties = ParseProperties(data.Properties);
        var tags = new Dictionary<string, string>(data.Tags, StringComparer.OrdinalIgnoreCase);
        return PrivateEndpointMapper.FromProperties(data.Id.ToString(), data.Name, tags, properties.RootElement);
    }

    private JsonObject BuildProperties(CreatePrivateEndpointRequest request, bool isPrivateLinkService, string message)
    {
        // A Private Link Service (by resource ID or alias) takes no groupIds.
        var connectionProperties = new JsonObject { ["privateLinkServiceId"] = request.TargetResourceId };
        if (!isPrivateLinkService)
        {
            connectionProperties["groupIds"] = new JsonArray(request.GroupId);
        }

        connectionProperties["requestMessage"] = message;
        return new JsonObject
        {
            ["subnet"] = new JsonObject { ["id"] = options.SubnetId },
            ["manualPrivateLinkServiceConnections"] = new JsonArray(new JsonObject
            {
                ["name"] = request.EndpointName,
                ["properties"] = connectionProperties,
            }),
        };
    }

    private async Task<TargetResourceInfo> ReadTargetAsync(ResourceIdentifier id, string apiVersion, GenericResourceData data, CancellationToken cancellationToken)
    {
        string targetResourceId = id.ToString();
        string resourceType = data.ResourceType.ToString();
        string? kind = data.Kind;
        string? skuName = data.Sku?.Name;
        string? skuTier = data.Sku?.Tier;
        using JsonDocument properties = ParseProperties(data.Properties);
        IReadOnlyList<string> capabilities = TargetMapper.Capabilities(properties.RootElement);
        if (id.ResourceType == ArmApiVersions.PrivateLinkServices)
        {
            PrivateLinkServiceInfo service = TargetMapper.PrivateLinkService(properties.RootElement, options.SubscriptionId);
            Log.TargetRead(logger, targetResourceId, resourceType, 0);
            return new TargetResourceInfo(data.Id.ToString(), resourceType, data.Location.Name, GroupIds: null, service, kind, skuName, skuTier, capabilities);
        }

        string linkResourcesPath = $"{id}/privateLinkResources";
        IReadOnlyList<string>? groupIds = await CallAsync("GET", linkResourcesPath, async () =>
        {
            try
            {
                using JsonDocument list = await rawClient.GetJsonAsync(rawClient.Url(linkResourcesPath, apiVersion), cancellationToken).ConfigureAwait(false);
                return TargetMapper.GroupIds(list.RootElement);
            }
            catch (RequestFailedException ex) when (ex.Status is 400 or 401 or 403 or 404)
            {
                Log.GroupIdsNotExposed(logger, targetResourceId, ex.Status);
                return null;
            }
        }).ConfigureAwait(false);

        Log.TargetRead(logger, targetResourceId, resourceType, groupIds?.Count ?? 0);
        return new TargetResourceInfo(data.Id.ToString(), resourceType, data.Location.Name, groupIds, PrivateLinkService: null, kind, skuName, skuTier, capabilities);
    }

    private static JsonDocument ParseProperties(BinaryData? properties) =>
        properties is null || properties.ToMemory().IsEmpty ? JsonDocument.Parse("{}") : JsonDocument.Parse(properties);

    private static ResourceIdentifier ParseResourceId(string value, string paramName) =>
        ResourceIdentifier.TryParse(value, out ResourceIdentifier? id) && id is not null && id.ResourceType.Namespace.Length > 0
            ? id
            : throw new ArgumentException($"'{value}' is not an ARM resource ID.", paramName);

    private static void ValidateEndpointName(string endpointName, string paramName)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpointName, paramName);
        if (!EndpointNamePattern().IsMatch(endpointName))
        {
            throw new ArgumentException(
                $"Endpoint name '{endpointName}' must be 2 to 80 letters, digits, '.', '-' or '_', start with a letter or digit and end with a letter, digit or '_'.",
                paramName);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,78}[A-Za-z0-9_]$", RegexOptions.CultureInvariant)]
    private static partial Regex EndpointNamePattern();

    private ResourceIdentifier PrivateEndpointId(string endpointName) =>
        new($"/subscriptions/{options.SubscriptionId}/resourceGroups/{options.ResourceGroup}/providers/Microsoft.Network/privateEndpoints/{endpointName}");

    private async Task<T> CallAsync<T>(string operation, string resourceId, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            Exception mapped = ArmErrors.Map(ex, timeProvider.GetUtcNow());
            Log.ArmCallFailed(logger, operation, resourceId, ex.Status, (mapped as ArmRequestException)?.ErrorCode ?? (mapped as ArmTransientException)?.ErrorCode);
            throw mapped;
        }
        catch (AuthenticationFailedException ex)
        {
            Log.ArmCallFailed(logger, operation, resourceId, 0, "AuthenticationFailed");
            throw ArmErrors.Map(ex);
        }
    }
}
