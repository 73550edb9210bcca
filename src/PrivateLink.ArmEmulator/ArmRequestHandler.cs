using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace PrivateLink.ArmEmulator;

/// <summary>Answers ARM REST requests from <see cref="EmulatorState"/>: authentication, api-version, faults, routing, journal.</summary>
internal sealed partial class ArmRequestHandler
{
    private const string NetworkApiVersion = "2024-05-01";

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

        if (string.IsNullOrEmpty(context.Request.Query["api-version"]))
        {
            return ArmReply.Error(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
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

        string[] segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        lock (state.Gate)
        {
            return Route(method, path, segments, body, context.Request.Query, fault?.Kind == ArmFaultKind.ProvisioningFailed ? fault : null);
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

        // /subscriptions/{sub}/providers/Microsoft.Network/locations/{loc}/operationResults/{id}
        if (s.Length == 8 && Is(0, "subscriptions") && Is(2, "providers") && Is(3, "Microsoft.Network") && Is(4, "locations") && Is(6, "operationResults"))
        {
            return method == "GET" ? PollOperation(s[7], path) : MethodNotAllowed(method, path);
        }

        // /subscriptions/{sub}/providers/Microsoft.Network/privateEndpoints
        if (s.Length == 5 && Is(0, "subscriptions") && Is(2, "providers") && Is(3, "Microsoft.Network") && Is(4, "privateEndpoints"))
        {
            return method == "GET" ? ListPrivateEndpoints(path, $"/subscriptions/{s[1]}/", query) : MethodNotAllowed(method, path);
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

        return RouteTarget(method, path, body);
    }

    private static ArmReply MethodNotAllowed(string method, string path) =>
        ArmReply.Error(405, "MethodNotAllowed", $"The requested resource does not support http method '{method}' on '{path}'.");

    private ArmReply PollOperation(string operationId, string path)
    {
        if (!state.Operations.TryGetValue(operationId, out EmulatedOperation? operation))
        {
            return ArmReply.Error(404, "OperationNotFound", $"Operation '{operationId}' was not found.");
        }

        if (operation.Status == "InProgress")
        {
            operation.PollsLeft--;
            if (operation.PollsLeft <= 0)
            {
                operation.Status = operation.Fails ? "Failed" : "Succeeded";
                operation.Complete();
            }
        }

        Dictionary<string, string>? headers = operation.Status == "InProgress"
            ? new() { ["Retry-After"] = state.Options.OperationRetryAfterSeconds.ToString(CultureInfo.InvariantCulture) }
            : null;
        return new ArmReply(200, ArmJson.Operation(operation, path), headers);
    }

    private (string Url, EmulatedOperation Operation) StartOperation(string location, bool fails, string? errorCode, string? errorMessage, Action complete)
    {
        string subscription = state.Options.SubscriptionId;
        var operation = new EmulatedOperation
        {
            Id = Guid.NewGuid().ToString(),
            PollsLeft = state.Options.PollsUntilTerminal,
            Fails = fails,
            ErrorCode = errorCode,
            ErrorMessage = errorMessage,
            StartTime = timeProvider.GetUtcNow(),
            Complete = complete,
        };
        state.Operations[operation.Id] = operation;
        string url = new Uri(BaseAddress, $"/subscriptions/{subscription}/providers/Microsoft.Network/locations/{location}/operationResults/{operation.Id}?api-version={NetworkApiVersion}").AbsoluteUri;
        return (url, operation);
    }
}
