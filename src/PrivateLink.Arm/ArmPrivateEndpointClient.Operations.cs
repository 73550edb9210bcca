using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.ResourceManager.Resources;

namespace PrivateLink.Arm;

/// <summary>The non-blocking members: preflight, Begin* writes, one-poll operation status, NIC addresses.</summary>
/// <remarks>
/// Requests: preflight = 2 GETs (resource + <c>privateLinkResources</c>; 1 for a Private Link Service, 1 POST for an alias, 1 when refused);
/// begin create = 1 PUT; status = 1 GET; begin delete = 1 DELETE; get = 1 GET (+1 NIC GET once Approved without <c>customDnsConfigs</c>).
/// Each goes through the ArmClient pipeline, so 429/5xx/409 <c>AnotherOperationInProgress</c> are retried by Azure.Core first.
/// </remarks>
internal sealed partial class ArmPrivateEndpointClient
{
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
}
