using System.Globalization;
using System.Net;
using System.Net.Sockets;
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
/// The JSON mappers it alone uses (<see cref="PrivateEndpointMapper"/>, <see cref="SubnetMapper"/>, <see cref="TargetMapper"/>) follow the class.
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

    private const string AsyncOperationHeader = "Azure-AsyncOperation";

    /// <inheritdoc/>
    public async Task<TargetPreflight> PreflightTargetAsync(string target, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        if (PrivateLinkServiceAlias.IsAlias(target))
        {
            bool? visible = await CheckPrivateLinkServiceVisibilityAsync(target, cancellationToken).ConfigureAwait(false);
            if (visible == true)
            {
                var service = new TargetResourceInfo(target, ArmApiVersions.PrivateLinkServices.ToString(), PrivateLinkServiceAlias.Region(target) ?? options.Location, GroupIds: null, new PrivateLinkServiceInfo(target, AutoApproval: false, []));
                return new TargetPreflight(TargetReadability.Readable, service, null, null);
            }

            string why = visible == false
                ? $"The Private Link Service alias '{target}' is not visible to subscription {options.SubscriptionId} (not published to it, or ARM's alias cache has not caught up)."
                : $"ARM did not answer the visibility check of alias '{target}' synchronously; it was not awaited.";
            return new TargetPreflight(TargetReadability.Unreadable, null, visible == false ? "PrivateLinkServiceNotVisible" : "VisibilityCheckPending", why);
        }

        ResourceIdentifier id = ParseResourceId(target, nameof(target));
        if (!ArmApiVersions.TryGet(id.ResourceType, out string apiVersion))
        {
            throw new ArmRequestException(400, "UnsupportedResourceType", $"Resource type '{id.ResourceType}' is not one the adapter has a pinned api-version for.");
        }

        (GenericResourceData? data, int refusedStatus, string? code, string? message) = await CallAsync("GET", target, async () =>
        {
            try
            {
                Response<GenericResource> response = await armClient.GetGenericResource(id).GetAsync(cancellationToken).ConfigureAwait(false);
                return (response.Value.Data, 0, (string?)null, (string?)null);
            }
            catch (RequestFailedException ex) when (ex.Status is 401 or 403 or 404)
            {
                (string? c, string? m) = ArmErrors.ReadError(ex.GetRawResponse());
                return ((GenericResourceData?)null, ex.Status, c ?? ex.ErrorCode, m ?? ex.Message);
            }
        }).ConfigureAwait(false);

        if (data is null)
        {
            if (refusedStatus == 404)
            {
                Log.TargetNotFound(logger, target);
                return new TargetPreflight(TargetReadability.NotFound, null, code ?? "ResourceNotFound", message);
            }

            Log.TargetUnreadable(logger, target, refusedStatus, code);
            return new TargetPreflight(TargetReadability.Unreadable, null, code, message);
        }

        TargetResourceInfo read = await ReadTargetAsync(id, apiVersion, data, cancellationToken).ConfigureAwait(false);
        return new TargetPreflight(TargetReadability.Readable, read, null, null);
    }

    /// <inheritdoc/>
    public async Task<bool?> CheckPrivateLinkServiceVisibilityAsync(string alias, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(alias);
        string location = PrivateLinkServiceAlias.Region(alias) ?? options.Location;
        string path = $"/subscriptions/{options.SubscriptionId}/providers/Microsoft.Network/locations/{location}/checkPrivateLinkServiceVisibility";
        var body = new JsonObject { ["privateLinkServiceAlias"] = alias };
        Response response = await CallAsync("POST", path, () =>
            rawClient.SendAsync(RequestMethod.Post, rawClient.Url(path, ArmApiVersions.Network), BinaryData.FromString(body.ToJsonString()), cancellationToken)).ConfigureAwait(false);
        if (response.Status == 202)
        {
            return null;
        }

        using JsonDocument document = JsonDocument.Parse(response.Content);
        return document.RootElement.TryGetProperty("visible", out JsonElement visible) && visible.ValueKind == JsonValueKind.True;
    }

    /// <inheritdoc/>
    public async Task<PrivateEndpointCreateStarted> BeginCreatePrivateEndpointAsync(CreatePrivateEndpointRequest request, CancellationToken cancellationToken)
    {
        (ResourceIdentifier endpointId, JsonObject body) = BuildCreateBody(request);
        Log.EndpointCreating(logger, request.EndpointName, request.DestinationId, request.TargetResourceId, request.GroupId);
        await writeLimiter.AcquireAsync(cancellationToken).ConfigureAwait(false);
        Response response = await CallAsync("PUT", endpointId.ToString(), () =>
            rawClient.SendAsync(RequestMethod.Put, rawClient.Url(endpointId.ToString(), ArmApiVersions.Network), BinaryData.FromString(body.ToJsonString()), cancellationToken)).ConfigureAwait(false);
        using JsonDocument document = JsonDocument.Parse(response.Content);
        PrivateEndpointInfo endpoint = PrivateEndpointMapper.FromResource(document.RootElement);
        string? statusUrl = response.Headers.TryGetValue(AsyncOperationHeader, out string? url) && !string.IsNullOrEmpty(url) ? url : null;
        Log.EndpointCreateStarted(logger, request.EndpointName, request.DestinationId, response.Status, endpoint.ProvisioningState);
        return new PrivateEndpointCreateStarted(endpoint, new PrivateEndpointOperation(request.EndpointName, PrivateEndpointOperationKind.Create, statusUrl));
    }

    /// <inheritdoc/>
    public async Task<PrivateEndpointOperation?> BeginDeletePrivateEndpointAsync(string endpointName, CancellationToken cancellationToken)
    {
        ValidateEndpointName(endpointName, nameof(endpointName));
        ResourceIdentifier endpointId = PrivateEndpointId(endpointName);
        await writeLimiter.AcquireAsync(cancellationToken).ConfigureAwait(false);
        Response? response = await CallAsync("DELETE", endpointId.ToString(), async () =>
        {
            try
            {
                return await rawClient.SendAsync(RequestMethod.Delete, rawClient.Url(endpointId.ToString(), ArmApiVersions.Network), null, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                return null;
            }
        }).ConfigureAwait(false);

        // Microsoft.Network answers 204 when there was nothing to delete.
        if (response is null || response.Status == 204)
        {
            Log.EndpointAlreadyGone(logger, endpointName);
            return null;
        }

        string? statusUrl = response.Headers.TryGetValue(AsyncOperationHeader, out string? url) && !string.IsNullOrEmpty(url) ? url : null;
        Log.EndpointDeleteStarted(logger, endpointName, response.Status);
        return new PrivateEndpointOperation(endpointName, PrivateEndpointOperationKind.Delete, statusUrl);
    }

    /// <inheritdoc/>
    public async Task<OperationStatus> GetOperationStatusAsync(PrivateEndpointOperation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ValidateEndpointName(operation.EndpointName, nameof(operation));
        if (operation.StatusUrl is null)
        {
            // A zone group PUT answered without Azure-AsyncOperation finished synchronously.
            return operation.Kind == PrivateEndpointOperationKind.SetDnsZoneGroup
                ? new OperationStatus(OperationState.Succeeded, null, null, null)
                : await StatusFromEndpointAsync(operation, cancellationToken).ConfigureAwait(false);
        }

        Uri url = OperationUrl(operation.StatusUrl);
        Response response = await CallAsync("POLL", url.AbsolutePath, () => rawClient.SendAsync(RequestMethod.Get, url, null, cancellationToken)).ConfigureAwait(false);
        TimeSpan? retryAfter = ArmErrors.ReadRetryAfter(response, timeProvider.GetUtcNow());
        using JsonDocument document = JsonDocument.Parse(response.Content);
        OperationStatus result = ParseOperationStatus(document.RootElement, retryAfter);
        if (result.State == OperationState.Failed)
        {
            Log.EndpointProvisioningFailed(logger, operation.EndpointName, operation.Kind.ToString(), result.ErrorCode);
        }

        return result;
    }

    /// <summary>Maps an operation status body (<c>{"status":"InProgress"}</c>, <c>{"status":"Failed","error":{...}}</c>, provider <c>Enqueued</c>, ...).</summary>
    internal static OperationStatus ParseOperationStatus(JsonElement root, TimeSpan? retryAfter)
    {
        string? status = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("status", out JsonElement s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        return status switch
        {
            string x when x.Equals("Succeeded", StringComparison.OrdinalIgnoreCase) => new OperationStatus(OperationState.Succeeded, null, null, retryAfter),
            string x when x.Equals("Failed", StringComparison.OrdinalIgnoreCase) || x.Equals("Canceled", StringComparison.OrdinalIgnoreCase) => Failed(root, x, retryAfter),
            _ => new OperationStatus(OperationState.InProgress, null, null, retryAfter),
        };
    }

    /// <summary>Tells whether an operation URL is on the ARM endpoint (scheme, host, port), so the bearer token may go there.</summary>
    internal static bool IsOnArmEndpoint(Uri arm, string statusUrl, out Uri? url) =>
        Uri.TryCreate(statusUrl, UriKind.Absolute, out url)
        && string.Equals(url.Scheme, arm.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(url.Host, arm.Host, StringComparison.OrdinalIgnoreCase)
        && url.Port == arm.Port;

    private static OperationStatus Failed(JsonElement root, string status, TimeSpan? retryAfter)
    {
        string? code = null, message = null;
        if (root.TryGetProperty("error", out JsonElement error) && error.ValueKind == JsonValueKind.Object)
        {
            code = error.TryGetProperty("code", out JsonElement c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            message = error.TryGetProperty("message", out JsonElement m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        }

        if (status.Equals("Canceled", StringComparison.OrdinalIgnoreCase))
        {
            code ??= "Canceled";
        }

        return new OperationStatus(OperationState.Failed, code ?? "OperationFailed", message ?? $"The operation ended {status}.", retryAfter);
    }

    private async Task<OperationStatus> StatusFromEndpointAsync(PrivateEndpointOperation operation, CancellationToken cancellationToken)
    {
        ResourceIdentifier endpointId = PrivateEndpointId(operation.EndpointName);
        Response? response = await CallAsync("GET", endpointId.ToString(), async () =>
        {
            try
            {
                return await rawClient.SendAsync(RequestMethod.Get, rawClient.Url(endpointId.ToString(), ArmApiVersions.Network), null, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                return null;
            }
        }).ConfigureAwait(false);
        if (response is null)
        {
            return operation.Kind == PrivateEndpointOperationKind.Delete
                ? new OperationStatus(OperationState.Succeeded, null, null, null)
                : new OperationStatus(OperationState.Failed, "NotFound", $"Private endpoint '{operation.EndpointName}' does not exist.", null);
        }

        using JsonDocument document = JsonDocument.Parse(response.Content);
        string state = PrivateEndpointMapper.FromResource(document.RootElement).ProvisioningState;
        if (state.Equals("Failed", StringComparison.OrdinalIgnoreCase))
        {
            return new OperationStatus(OperationState.Failed, "ProvisioningFailed", $"Private endpoint '{operation.EndpointName}' has provisioningState Failed.", null);
        }

        bool done = operation.Kind == PrivateEndpointOperationKind.Create && state.Equals("Succeeded", StringComparison.OrdinalIgnoreCase);
        return new OperationStatus(done ? OperationState.Succeeded : OperationState.InProgress, null, null, null);
    }

    /// <summary>Accepts an operation URL only on the configured ARM endpoint (scheme, host, port), so the bearer token goes nowhere else.</summary>
    private Uri OperationUrl(string statusUrl)
    {
        Uri arm = rawClient.ArmEndpoint;
        return IsOnArmEndpoint(arm, statusUrl, out Uri? url) && url is not null
            ? url
            : throw new ArgumentException($"The operation URL is not on the configured ARM endpoint {arm.GetLeftPart(UriPartial.Authority)}.", nameof(statusUrl));
    }

    private (ResourceIdentifier EndpointId, JsonObject Body) BuildCreateBody(CreatePrivateEndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ValidateEndpointName(request.EndpointName, nameof(request));
        ArgumentException.ThrowIfNullOrEmpty(request.DestinationId, nameof(request));
        ArgumentException.ThrowIfNullOrEmpty(request.TargetResourceId, nameof(request));
        bool isAlias = PrivateLinkServiceAlias.IsAlias(request.TargetResourceId);
        bool isPrivateLinkService = isAlias || ParseResourceId(request.TargetResourceId, nameof(request)).ResourceType == ArmApiVersions.PrivateLinkServices;
        if (!isPrivateLinkService && string.IsNullOrEmpty(request.GroupId))
        {
            throw new ArgumentException($"A groupId is required for target '{request.TargetResourceId}'.", nameof(request));
        }

        string message = request.RequestMessage ?? string.Empty;
        if (message.Length > CreatePrivateEndpointRequest.MaxRequestMessageLength)
        {
            Log.RequestMessageTruncated(logger, request.DestinationId, message.Length, CreatePrivateEndpointRequest.MaxRequestMessageLength);
            message = message[..CreatePrivateEndpointRequest.MaxRequestMessageLength];
        }

        var body = new JsonObject
        {
            ["location"] = options.Location,
            ["tags"] = new JsonObject { [ArmTags.Owner] = options.OwnerTag, [ArmTags.Destination] = request.DestinationId },
            ["properties"] = BuildProperties(request, isPrivateLinkService, message),
        };
        return (PrivateEndpointId(request.EndpointName), body);
    }

    private async Task<string[]> ReadNicAddressesAsync(string nicId, CancellationToken cancellationToken)
    {
        JsonDocument? nic = await CallAsync("GET", nicId, async () =>
        {
            try
            {
                return await rawClient.GetJsonAsync(rawClient.Url(nicId, ArmApiVersions.Network), cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                return null;
            }
        }).ConfigureAwait(false);
        using (nic)
        {
            return nic is null ? [] : PrivateEndpointMapper.NicAddresses(nic.RootElement);
        }
    }

    /// <inheritdoc/>
    public async Task<SubnetCapacity?> GetEndpointSubnetCapacityAsync(CancellationToken cancellationToken)
    {
        string subnetId = options.SubnetId;
        using JsonDocument subnet = await CallAsync("GET", subnetId, () =>
            rawClient.GetJsonAsync(rawClient.Url(subnetId, ArmApiVersions.Network), cancellationToken)).ConfigureAwait(false);
        return SubnetMapper.Capacity(subnetId, subnet.RootElement);
    }
}

/// <summary>Reads a Microsoft.Network/privateEndpoints resource (2024-05-01 shape) into <see cref="PrivateEndpointInfo"/>.</summary>
internal static class PrivateEndpointMapper
{
    /// <summary>Maps a whole resource body (<c>{id, name, tags, properties}</c>), as a GET or a list page returns it.</summary>
    public static PrivateEndpointInfo FromResource(JsonElement resource)
    {
        string id = resource.GetProperty("id").GetString() ?? string.Empty;
        string name = resource.TryGetProperty("name", out JsonElement n) ? n.GetString() ?? string.Empty : id[(id.LastIndexOf('/') + 1)..];
        IReadOnlyDictionary<string, string>? tags = ReadTags(resource);
        JsonElement properties = resource.TryGetProperty("properties", out JsonElement p) ? p : default;
        return FromProperties(id, name, tags, properties);
    }

    /// <summary>Maps the <c>properties</c> of an endpoint with its id, name and tags.</summary>
    public static PrivateEndpointInfo FromProperties(string id, string name, IReadOnlyDictionary<string, string>? tags, JsonElement properties)
    {
        string provisioningState = Text(properties, "provisioningState") ?? "Succeeded";

        // Our endpoints carry one manual connection; an auto-approved one appears under privateLinkServiceConnections.
        JsonElement? connection = FirstItem(properties, "manualPrivateLinkServiceConnections") ?? FirstItem(properties, "privateLinkServiceConnections");
        (ConnectionStatus status, string? description, string? actionsRequired) = ReadState(connection);

        var addresses = new List<string>();
        var fqdns = new List<string>();
        if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty("ipConfigurations", out JsonElement ipConfigurations)
            && ipConfigurations.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement ipConfiguration in ipConfigurations.EnumerateArray())
            {
                AddDistinct(addresses, ipConfiguration.TryGetProperty("properties", out JsonElement ipProperties) ? Text(ipProperties, "privateIPAddress") : null);
            }
        }

        if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty("customDnsConfigs", out JsonElement dnsConfigs)
            && dnsConfigs.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement dnsConfig in dnsConfigs.EnumerateArray())
            {
                AddDistinct(fqdns, Text(dnsConfig, "fqdn"));
                if (dnsConfig.TryGetProperty("ipAddresses", out JsonElement ips) && ips.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement ip in ips.EnumerateArray())
                    {
                        AddDistinct(addresses, ip.ValueKind == JsonValueKind.String ? ip.GetString() : null);
                    }
                }
            }
        }

        string? destination = tags is not null && tags.TryGetValue(ArmTags.Destination, out string? d) ? d : null;
        string? nicId = FirstItem(properties, "networkInterfaces") is JsonElement nic ? Text(nic, "id") : null;
        return new PrivateEndpointInfo(id, name, provisioningState, status, description, actionsRequired, addresses, fqdns, destination, nicId);
    }

    /// <summary>Reads a NIC's <c>properties.ipConfigurations[].properties.privateIPAddress</c> (distinct, in order).</summary>
    public static string[] NicAddresses(JsonElement nic)
    {
        var addresses = new List<string>();
        if (nic.ValueKind == JsonValueKind.Object && nic.TryGetProperty("properties", out JsonElement properties)
            && properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty("ipConfigurations", out JsonElement ipConfigurations)
            && ipConfigurations.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement ipConfiguration in ipConfigurations.EnumerateArray())
            {
                AddDistinct(addresses, ipConfiguration.TryGetProperty("properties", out JsonElement ipProperties) ? Text(ipProperties, "privateIPAddress") : null);
            }
        }

        return [.. addresses];
    }

    public static IReadOnlyDictionary<string, string>? ReadTags(JsonElement resource)
    {
        if (!resource.TryGetProperty("tags", out JsonElement tags) || tags.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (JsonProperty tag in tags.EnumerateObject())
        {
            result[tag.Name] = tag.Value.ValueKind == JsonValueKind.String ? tag.Value.GetString() ?? string.Empty : tag.Value.GetRawText();
        }

        return result;
    }

    private static (ConnectionStatus Status, string? Description, string? ActionsRequired) ReadState(JsonElement? connection)
    {
        if (connection is not JsonElement c || !c.TryGetProperty("properties", out JsonElement properties)
            || !properties.TryGetProperty("privateLinkServiceConnectionState", out JsonElement state) || state.ValueKind != JsonValueKind.Object)
        {
            return (ConnectionStatus.Pending, null, null);
        }

        ConnectionStatus status = Text(state, "status") switch
        {
            string s when s.Equals("Approved", StringComparison.OrdinalIgnoreCase) => ConnectionStatus.Approved,
            string s when s.Equals("Rejected", StringComparison.OrdinalIgnoreCase) => ConnectionStatus.Rejected,
            string s when s.Equals("Disconnected", StringComparison.OrdinalIgnoreCase) => ConnectionStatus.Disconnected,
            _ => ConnectionStatus.Pending,
        };

        // Storage spells the third field actionRequired (singular).
        return (status, Text(state, "description"), Text(state, "actionsRequired") ?? Text(state, "actionRequired"));
    }

    private static JsonElement? FirstItem(JsonElement properties, string name) =>
        properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(name, out JsonElement array)
            && array.ValueKind == JsonValueKind.Array && array.GetArrayLength() > 0
            ? array[0]
            : null;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static void AddDistinct(List<string> list, string? value)
    {
        if (!string.IsNullOrEmpty(value) && !list.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            list.Add(value);
        }
    }
}

/// <summary>Maps a subnet GET body (<c>Microsoft.Network/virtualNetworks/subnets</c>) to its free-address count.</summary>
internal static class SubnetMapper
{
    /// <summary>Reads the capacity from a subnet body.</summary>
    /// <param name="subnetId">The subnet asked for (used when the body has no id).</param>
    /// <param name="subnet">The body.</param>
    /// <returns>The capacity.</returns>
    public static SubnetCapacity Capacity(string subnetId, JsonElement subnet)
    {
        string id = subnet.TryGetProperty("id", out JsonElement idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString()! : subnetId;
        JsonElement properties = subnet.TryGetProperty("properties", out JsonElement p) ? p : default;
        List<string> prefixes = [];
        if (properties.ValueKind == JsonValueKind.Object)
        {
            if (properties.TryGetProperty("addressPrefix", out JsonElement single) && single.ValueKind == JsonValueKind.String)
            {
                prefixes.Add(single.GetString()!);
            }

            if (properties.TryGetProperty("addressPrefixes", out JsonElement many) && many.ValueKind == JsonValueKind.Array)
            {
                prefixes.AddRange(many.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).Where(x => !prefixes.Contains(x)));
            }
        }

        int? usable = null;
        foreach (string prefix in prefixes)
        {
            if (UsableIPv4(prefix) is int count)
            {
                usable = (usable ?? 0) + count;
            }
        }

        return new SubnetCapacity(id, prefixes, usable, Count(properties, "ipConfigurations"), Ids(properties, "privateEndpoints"));
    }

    /// <summary>The addresses a NIC may take in an IPv4 prefix: its size less Azure's 5; null for IPv6 or an unreadable prefix.</summary>
    /// <param name="prefix">E.g. <c>10.0.0.0/24</c>.</param>
    /// <returns>E.g. 251.</returns>
    public static int? UsableIPv4(string prefix)
    {
        int slash = prefix.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0
            || !IPAddress.TryParse(prefix[..slash], out IPAddress? network)
            || network.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(prefix[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int length)
            || length is < 0 or > 32)
        {
            return null;
        }

        long size = 1L << (32 - length);
        return (int)Math.Min(int.MaxValue, Math.Max(0, size - SubnetCapacity.AzureReservedPerPrefix));
    }

    private static string[] Ids(JsonElement properties, string name) =>
        properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(name, out JsonElement array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray()
                .Select(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("id", out JsonElement id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : null)
                .OfType<string>()
                .ToArray()
            : [];

    private static int Count(JsonElement properties, string name) =>
        properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(name, out JsonElement array) && array.ValueKind == JsonValueKind.Array
            ? array.GetArrayLength()
            : 0;
}

/// <summary>Reads a target's <c>privateLinkResources</c> list and a Private Link Service's properties.</summary>
internal static class TargetMapper
{
    /// <summary>Reads the distinct groupIds of a <c>{"value":[{"properties":{"groupId"}}]}</c> list.</summary>
    public static IReadOnlyList<string> GroupIds(JsonElement list)
    {
        var groupIds = new List<string>();
        if (list.TryGetProperty("value", out JsonElement value) && value.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in value.EnumerateArray())
            {
                if (item.TryGetProperty("properties", out JsonElement properties)
                    && properties.TryGetProperty("groupId", out JsonElement groupId) && groupId.ValueKind == JsonValueKind.String
                    && groupId.GetString() is { Length: > 0 } g && !groupIds.Contains(g, StringComparer.OrdinalIgnoreCase))
                {
                    groupIds.Add(g);
                }
            }
        }

        return groupIds;
    }

    /// <summary>Reads Cosmos DB's <c>capabilities[].name</c> (e.g. <c>EnableMongo</c>) from a resource's properties.</summary>
    public static IReadOnlyList<string> Capabilities(JsonElement properties)
    {
        var names = new List<string>();
        if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty("capabilities", out JsonElement list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement capability in list.EnumerateArray())
            {
                if (capability.ValueKind == JsonValueKind.Object && capability.TryGetProperty("name", out JsonElement name)
                    && name.ValueKind == JsonValueKind.String && name.GetString() is { Length: > 0 } n)
                {
                    names.Add(n);
                }
            }
        }

        return names;
    }

    /// <summary>Reads alias, auto-approval (is <paramref name="subscriptionId"/> listed) and load balancer frontends.</summary>
    public static PrivateLinkServiceInfo PrivateLinkService(JsonElement properties, string subscriptionId)
    {
        string? alias = properties.TryGetProperty("alias", out JsonElement a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
        bool autoApproval = properties.TryGetProperty("autoApproval", out JsonElement approval) && approval.ValueKind == JsonValueKind.Object
            && approval.TryGetProperty("subscriptions", out JsonElement subscriptions) && subscriptions.ValueKind == JsonValueKind.Array
            && subscriptions.EnumerateArray().Any(s => s.ValueKind == JsonValueKind.String
                && (string.Equals(s.GetString(), subscriptionId, StringComparison.OrdinalIgnoreCase) || s.GetString() == "*"));
        var frontends = new List<string>();
        if (properties.TryGetProperty("loadBalancerFrontendIpConfigurations", out JsonElement list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement frontend in list.EnumerateArray())
            {
                if (frontend.TryGetProperty("id", out JsonElement id) && id.GetString() is { Length: > 0 } value)
                {
                    frontends.Add(value);
                }
            }
        }

        return new PrivateLinkServiceInfo(alias, autoApproval, frontends);
    }
}
