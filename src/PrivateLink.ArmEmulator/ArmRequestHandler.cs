using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace PrivateLink.ArmEmulator;

/// <summary>Answers ARM REST requests from <see cref="EmulatorState"/>: authentication, api-version, faults, routing, journal.</summary>
internal sealed partial class ArmRequestHandler
{
    /// <summary>Path segments under which providers serve their operation status URLs.</summary>
    private static readonly HashSet<string> OperationSegments = new(StringComparer.OrdinalIgnoreCase)
    {
        "operations", "operationResults", "operationsStatus", "operationStatuses", "azureAsyncOperation",
        "privateEndpointConnectionAzureAsyncOperation", "privateEndpointConnectionOperationResults",
    };

    private readonly EmulatorState state;
    private readonly TimeProvider timeProvider;

    public ArmRequestHandler(EmulatorState state, TimeProvider timeProvider)
    {
        this.state = state;
        this.timeProvider = timeProvider;
    }

    /// <summary>Gets or sets the https://127.0.0.1:port address absolute operation URLs are built on.</summary>
    public Uri BaseAddress { get; set; } = new("https://127.0.0.1/");

    public async Task HandleAsync(HttpContext context)
    {
        DateTimeOffset receivedAt = timeProvider.GetUtcNow();
        string method = context.Request.Method;
        string path = context.Request.Path.Value ?? "/";
        string query = context.Request.QueryString.Value ?? string.Empty;

        ArmReply reply = await DecideAsync(context, method, path).ConfigureAwait(false);

        // Journal before writing, so a caller that has the response also sees its entry.
        lock (state.Gate)
        {
            state.Journal.Add(new ArmJournalEntry(method, path, query, reply.Status, receivedAt));
        }

        context.Response.StatusCode = reply.Status;
        context.Response.Headers["x-ms-request-id"] = Guid.NewGuid().ToString();
        foreach (KeyValuePair<string, string> header in reply.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[header.Key] = header.Value;
        }

        if (reply.Body is not null)
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(reply.Body.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
        }
    }

    private async Task<ArmReply> DecideAsync(HttpContext context, string method, string path)
    {
        string? authorization = context.Request.Headers.Authorization;
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || authorization.Length <= "Bearer ".Length)
        {
            return ArmReply.Error(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
        }

        string? apiVersion = context.Request.Query["api-version"];
        if (string.IsNullOrEmpty(apiVersion))
        {
            return ArmReply.Error(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
        }

        string[] pathSegments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        int providers = Array.FindLastIndex(pathSegments, p => p.Equals("providers", StringComparison.OrdinalIgnoreCase));
        if (providers >= 0 && providers + 1 < pathSegments.Length
            && !TargetCatalog.AcceptsApiVersion(pathSegments[providers + 1], providers + 2 < pathSegments.Length ? pathSegments[providers + 2] : null, apiVersion, out string supported))
        {
            return ArmReply.Error(
                400,
                "InvalidApiVersionParameter",
                $"The api-version '{apiVersion}' is invalid. The supported versions are '{supported}'.");
        }

        ArmFaultRule? fault = null;
        lock (state.Gate)
        {
            foreach (ArmFaultRule rule in state.Faults)
            {
                if (rule.TryApply(method, path, state.Random))
                {
                    fault = rule;
                    break;
                }
            }
        }

        switch (fault?.Kind)
        {
            case ArmFaultKind.Error:
                return FaultReply(fault);
            case ArmFaultKind.Delay:
                await Task.Delay(fault.Delay, timeProvider, context.RequestAborted).ConfigureAwait(false);
                break;
            default:
                break;
        }

        JsonObject? body = null;
        if (method is "PUT" or "PATCH" or "POST")
        {
            try
            {
                body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false) as JsonObject;
            }
            catch (JsonException ex)
            {
                return ArmReply.Error(400, "InvalidRequestContent", $"The request content was invalid and could not be deserialized: {ex.Message}");
            }

            if (body is null)
            {
                return ArmReply.Error(400, "InvalidRequestContent", "The request content must be a JSON object.");
            }
        }

        lock (state.Gate)
        {
            state.Tick();
            return Route(method, path, pathSegments, body, context.Request.Query, fault?.Kind == ArmFaultKind.ProvisioningFailed ? fault : null);
        }
    }

    private static ArmReply FaultReply(ArmFaultRule fault)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (fault.RetryAfter is TimeSpan seconds)
        {
            headers["Retry-After"] = ((int)Math.Ceiling(seconds.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        if (fault.RetryAfterMilliseconds is TimeSpan milliseconds)
        {
            headers["x-ms-retry-after-ms"] = ((long)milliseconds.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        }

        return ArmReply.Error(fault.StatusCode, fault.ErrorCode, fault.ErrorMessage, headers);
    }

    private ArmReply Route(string method, string path, string[] s, JsonObject? body, IQueryCollection query, ArmFaultRule? provisioningFault)
    {
        bool Is(int index, string value) => s.Length > index && string.Equals(s[index], value, StringComparison.OrdinalIgnoreCase);

        // Operation status URLs: .../{operations|operationResults|operationsStatus|...}/{id}
        if (s.Length >= 4 && OperationSegments.Contains(s[^2]) && Is(0, "subscriptions"))
        {
            return method == "GET" ? PollOperation(s[^1], query) : MethodNotAllowed(method, path);
        }

        // POST /subscriptions/{sub}/providers/Microsoft.Network/locations/{loc}/checkPrivateLinkServiceVisibility
        if (s.Length == 7 && Is(0, "subscriptions") && Is(2, "providers") && Is(3, "Microsoft.Network") && Is(4, "locations") && Is(6, "checkPrivateLinkServiceVisibility"))
        {
            return method == "POST" ? CheckVisibility(body!) : MethodNotAllowed(method, path);
        }

        // /subscriptions/{sub}/providers/Microsoft.Network/privateEndpoints
        if (s.Length == 5 && Is(0, "subscriptions") && Is(2, "providers") && Is(3, "Microsoft.Network") && Is(4, "privateEndpoints"))
        {
            return method == "GET" ? ListPrivateEndpoints(path, $"/subscriptions/{s[1]}/", query) : MethodNotAllowed(method, path);
        }

        // /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network/virtualNetworks/{vnet}/subnets/{name}
        if (s.Length == 10 && Is(0, "subscriptions") && Is(2, "resourceGroups") && Is(4, "providers") && Is(5, "Microsoft.Network") && Is(6, "virtualNetworks") && Is(8, "subnets"))
        {
            return method == "GET" ? GetSubnet(s) : MethodNotAllowed(method, path);
        }

        // /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network/networkInterfaces/{name}
        if (s.Length == 8 && Is(0, "subscriptions") && Is(2, "resourceGroups") && Is(4, "providers") && Is(5, "Microsoft.Network") && Is(6, "networkInterfaces"))
        {
            return method == "GET" ? GetNetworkInterface(path) : MethodNotAllowed(method, path);
        }

        // /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network/privateEndpoints[/{name}]
        if (s.Length is 7 or 8 && Is(0, "subscriptions") && Is(2, "resourceGroups") && Is(4, "providers") && Is(5, "Microsoft.Network") && Is(6, "privateEndpoints"))
        {
            if (s.Length == 7)
            {
                return method == "GET" ? ListPrivateEndpoints(path, $"/subscriptions/{s[1]}/resourceGroups/{s[3]}/", query) : MethodNotAllowed(method, path);
            }

            string id = $"/subscriptions/{s[1]}/resourceGroups/{s[3]}/providers/{TargetCatalog.PrivateEndpointType}/{s[7]}";
            return method switch
            {
                "GET" => GetPrivateEndpoint(id),
                "PUT" => PutPrivateEndpoint(id, s[7], body!, provisioningFault),
                "DELETE" => DeletePrivateEndpoint(id),
                _ => MethodNotAllowed(method, path),
            };
        }

        // .../privateEndpoints/{pe}/privateDnsZoneGroups/{name}, .../privateDnsZones/{zone}[/A/{name}]
        if (s.Length >= 8 && Is(0, "subscriptions") && Is(2, "resourceGroups") && Is(4, "providers") && Is(5, "Microsoft.Network")
            && ((s.Length == 10 && Is(6, "privateEndpoints") && Is(8, "privateDnsZoneGroups")) || (Is(6, "privateDnsZones") && (s.Length == 8 || (s.Length == 10 && Is(8, "A"))))))
        {
            return RoutePrivateDns(method, path, s, body);
        }

        return RouteTarget(method, path, body);
    }

    private static ArmReply MethodNotAllowed(string method, string path) =>
        ArmReply.Error(405, "MethodNotAllowed", $"The requested resource does not support http method '{method}' on '{path}'.");

    /// <summary>One poll: <c>{"status":"InProgress"}</c> / <c>{"status":"Succeeded"}</c> / <c>{"status":"Failed","error":{...}}</c>, no Retry-After by default.</summary>
    private ArmReply PollOperation(string operationId, IQueryCollection query)
    {
        if (!state.Operations.TryGetValue(operationId, out EmulatedOperation? operation)
            || (query.ContainsKey("h") && !string.Equals(query["h"], operation.Signature, StringComparison.Ordinal)))
        {
            return ArmReply.Error(404, "OperationNotFound", $"Operation '{operationId}' was not found.");
        }

        if (operation.Status == "InProgress")
        {
            operation.PollsLeft--;
            state.Tick();
        }

        Dictionary<string, string>? headers = operation.Status == "InProgress" && state.Options.OperationRetryAfterSeconds is int seconds
            ? new() { ["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture) }
            : null;
        return new ArmReply(200, ArmJson.Operation(operation), headers);
    }

    /// <summary>Starts an operation and returns its signed Network URL (<c>/locations/{loc}/operations/{id}?api-version=2022-01-01&amp;t&amp;c&amp;s&amp;h</c>).</summary>
    private (string Url, EmulatedOperation Operation) StartOperation(string location, TimeSpan duration, bool fails, string? errorCode, string? errorMessage, Action<DateTimeOffset> complete)
    {
        string subscription = state.Options.SubscriptionId;
        DateTimeOffset now = state.Now;
        var operation = new EmulatedOperation
        {
            Id = Guid.NewGuid().ToString(),
            PollsLeft = state.Options.PollsUntilTerminal,
            DueAt = now + duration,
            Fails = fails,
            ErrorCode = errorCode,
            ErrorMessage = errorMessage,
            StartTime = now,
            Signature = Signature(),
            Complete = complete,
        };
        state.Operations[operation.Id] = operation;
        string query = $"api-version={TargetCatalog.OperationApiVersion}&t={now.UtcTicks}&c={Signature()}{Signature()}&s={Signature()}{Signature()}&h={operation.Signature}";
        string url = new Uri(BaseAddress, $"/subscriptions/{subscription}/providers/Microsoft.Network/locations/{location}/operations/{operation.Id}?{query}").AbsoluteUri;
        return (url, operation);
    }

    private string Signature()
    {
        Span<byte> bytes = stackalloc byte[32];
        state.Random.NextBytes(bytes);
        return Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_').TrimEnd('=');
    }
}
