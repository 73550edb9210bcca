using System.Diagnostics.Metrics;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.ResourceManager;
using PrivateLink.SupportMatrix;

namespace PrivateLink.Arm;

/// <summary>Builds the <see cref="ArmClient"/>: environment, pinned api-versions, retry policy, and the transport's certificate trust.</summary>
internal static class ArmClientFactory
{
    public static ArmClient Create(ArmOptions options, TokenCredential credential)
    {
        var clientOptions = new ArmClientOptions
        {
            Environment = new ArmEnvironment(options.Endpoint, options.Audience),
            RetryPolicy = new ArmRetryPolicy(options.MaxRetries, DelayStrategy.CreateExponentialDelayStrategy(options.RetryDelay, options.RetryMaxDelay)),
        };
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.Delay = options.RetryDelay;
        clientOptions.Retry.MaxDelay = options.RetryMaxDelay;
        clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;
        clientOptions.AddPolicy(new ArmMetrics.ResponsePolicy(), HttpPipelinePosition.PerRetry);
        foreach (KeyValuePair<ResourceType, string> pin in ArmApiVersions.All)
        {
            clientOptions.SetApiVersion(pin.Key, pin.Value);
        }

        if (!string.IsNullOrEmpty(options.TrustedServerCertificateThumbprint))
        {
            clientOptions.Transport = new HttpClientTransport(CreateHandler(options.TrustedServerCertificateThumbprint));
        }

        return new ArmClient(credential, options.SubscriptionId, clientOptions);
    }

    /// <summary>A handler that accepts system-trusted certificates and exactly one more, by thumbprint (never "accept any").</summary>
    internal static SocketsHttpHandler CreateHandler(string thumbprint)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            errors == SslPolicyErrors.None || (certificate is not null && MatchesThumbprint(certificate, thumbprint));
        return handler;
    }

    internal static bool MatchesThumbprint(X509Certificate certificate, string thumbprint)
    {
        string actual = thumbprint.Length == 40
            ? certificate.GetCertHashString()
            : certificate.GetCertHashString(HashAlgorithmName.SHA256);
        return string.Equals(actual, thumbprint, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>The api-version pinned per resource type, so generic calls never read provider metadata first (an extra ARM read).</summary>
/// <remarks>Every version comes from the support matrix (<see cref="DestinationCatalog"/>), the one table the validator also reads.</remarks>
internal static class ArmApiVersions
{
    public const string Network = DestinationCatalog.NetworkApiVersion;

    public const string PrivateDns = DestinationCatalog.PrivateDnsApiVersion;

    public static readonly ResourceType PrivateEndpoints = new(DestinationCatalog.PrivateEndpointType);

    public static readonly ResourceType PrivateLinkServices = new(DestinationCatalog.PrivateLinkServiceType);

    /// <summary>Gets the pinned versions: private endpoints and every resource type of the support matrix.</summary>
    public static IReadOnlyDictionary<ResourceType, string> All { get; } = DestinationCatalog.ResourceTypes
        .Select(r => KeyValuePair.Create(new ResourceType(r.Type), r.ApiVersion))
        .Append(KeyValuePair.Create(PrivateEndpoints, Network))
        .Append(KeyValuePair.Create(new ResourceType(DestinationCatalog.PrivateDnsZoneType), PrivateDns))
        .ToDictionary();

    public static bool TryGet(ResourceType type, out string version)
    {
        // ResourceType compares case-insensitively, as ARM does.
        if (All.TryGetValue(type, out string? found))
        {
            version = found;
            return true;
        }

        version = string.Empty;
        return false;
    }
}

/// <summary>Azure.Core's retry policy (exponential back-off, honours <c>Retry-After</c>, <c>retry-after-ms</c>, <c>x-ms-retry-after-ms</c>) that also retries ARM's 409 <c>RetryableErrorDueToAnotherOperation</c> and <c>AnotherOperationInProgress</c>.</summary>
/// <remarks>The attempt count is kept on the message, because the pipeline's own counter is not public and the extra 409 rule must respect the same limit.</remarks>
internal sealed class ArmRetryPolicy : RetryPolicy
{
    private const string RetriesProperty = "PrivateLink.Arm.Retries";

    private readonly int maxRetries;

    public ArmRetryPolicy(int maxRetries, DelayStrategy delayStrategy)
        : base(maxRetries, delayStrategy)
    {
        this.maxRetries = maxRetries;
    }

    protected override bool ShouldRetry(HttpMessage message, Exception? exception) =>
        Count(message, base.ShouldRetry(message, exception));

    protected override async ValueTask<bool> ShouldRetryAsync(HttpMessage message, Exception? exception) =>
        Count(message, await base.ShouldRetryAsync(message, exception).ConfigureAwait(false));

    private bool Count(HttpMessage message, bool azureCoreWouldRetry)
    {
        int retries = message.TryGetProperty(RetriesProperty, out object? value) && value is int count ? count : 0;
        bool retry = retries < maxRetries && (azureCoreWouldRetry || IsAnotherOperation(message));
        if (retry)
        {
            message.SetProperty(RetriesProperty, retries + 1);
        }

        return retry;
    }

    private static bool IsAnotherOperation(HttpMessage message) =>
        message.HasResponse && message.Response.Status == 409
        && ArmErrors.ReadError(message.Response).Code is ArmErrors.AnotherOperationCode or ArmErrors.AnotherOperationInProgressCode;
}

/// <summary>A token bucket over ARM writes: at most <see cref="ArmOptions.WriteBudget"/> writes start per <see cref="ArmOptions.WriteBudgetWindow"/>.</summary>
/// <remarks>
/// The bucket starts full and is refilled in full once per window by a <see cref="TimeProvider"/> timer, so tests drive it with a
/// fake clock. (<c>System.Threading.RateLimiting.TokenBucketRateLimiter</c> was tried first: with manual replenishment it still
/// measures elapsed real time, so a fake clock cannot drive it.) Callers wait in arrival order; cancellation stops a wait.
/// </remarks>
internal sealed class ArmWriteLimiter : IDisposable
{
    private readonly Lock gate = new();
    private readonly LinkedList<TaskCompletionSource> waiters = new();
    private readonly int budget;
    private readonly int queueLimit;
    private readonly ITimer timer;
    private int tokens;

    public ArmWriteLimiter(int budget, TimeSpan window, int queueLimit, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(budget, 1);
        this.budget = budget;
        this.queueLimit = queueLimit;
        tokens = budget;
        timer = timeProvider.CreateTimer(static state => ((ArmWriteLimiter)state!).Refill(), this, window, window);
    }

    /// <summary>Gets the tokens left in the current window.</summary>
    public int AvailableTokens
    {
        get
        {
            lock (gate)
            {
                return tokens;
            }
        }
    }

    /// <summary>Waits for a write token.</summary>
    /// <exception cref="ArmTransientException">Too many writes are already waiting.</exception>
    /// <exception cref="OperationCanceledException">The wait was cancelled.</exception>
    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        TaskCompletionSource waiter;
        LinkedListNode<TaskCompletionSource> node;
        lock (gate)
        {
            if (tokens > 0 && waiters.Count == 0)
            {
                tokens--;
                return;
            }

            if (waiters.Count >= queueLimit)
            {
                throw new ArmTransientException(429, "ClientWriteBudgetExhausted", "Too many ARM writes are waiting for the client-side write budget.", retryAfter: null);
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            node = waiters.AddLast(waiter);
        }

        await using CancellationTokenRegistration registration = cancellationToken.Register(() =>
        {
            lock (gate)
            {
                if (node.List is not null)
                {
                    waiters.Remove(node);
                }
            }

            waiter.TrySetCanceled(cancellationToken);
        });
        await waiter.Task.ConfigureAwait(false);
    }

    public void Dispose() => timer.Dispose();

    private void Refill()
    {
        var released = new List<TaskCompletionSource>();
        lock (gate)
        {
            tokens = budget;
            while (tokens > 0 && waiters.First is { } first)
            {
                waiters.RemoveFirst();
                tokens--;
                released.Add(first.Value);
            }
        }

        foreach (TaskCompletionSource waiter in released)
        {
            waiter.TrySetResult();
        }
    }
}

/// <summary>The ARM adapter's metrics: responses by status class and ARM's throttling (429), per attempt, retries included.</summary>
/// <remarks>Hosts export the meter by its <see cref="MeterName"/>; the product's list of meters is <c>OnboardingTelemetry.Meters</c>.</remarks>
public static class ArmMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "PrivateLink.Arm";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Throttled = Meter.CreateCounter<long>(
        "privatelink.arm.throttled", unit: "{response}", description: "ARM responses 429 Too Many Requests (each attempt, before Azure.Core's retry), by HTTP method.");

    private static readonly Counter<long> Requests = Meter.CreateCounter<long>(
        "privatelink.arm.requests", unit: "{request}", description: "ARM requests sent by the adapter (each attempt), by HTTP method and status code.");

    /// <summary>Counts one ARM response.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="status">The HTTP status code.</param>
    public static void RecordResponse(string method, int status)
    {
        var methodTag = new KeyValuePair<string, object?>("http.request.method", method);
        Requests.Add(1, methodTag, new KeyValuePair<string, object?>("http.response.status_code", status));
        if (status == 429)
        {
            Throttled.Add(1, methodTag);
        }
    }

    /// <summary>A pipeline policy, per retry, that counts every ARM response.</summary>
    internal sealed class ResponsePolicy : HttpPipelineSynchronousPolicy
    {
        public override void OnReceivedResponse(HttpMessage message) =>
            RecordResponse(message.Request.Method.Method, message.Response.Status);
    }
}

/// <summary>GETs on ARM paths the generic-resource API does not cover (sub-collections, subscription-wide lists), through the ArmClient's own pipeline.</summary>
/// <remarks>Deriving from <see cref="ArmResource"/> gives the same pipeline (credential, retry policy, transport) the generic calls use.</remarks>
internal sealed class ArmRawClient : ArmResource
{
    public ArmRawClient(ArmClient client)
        : base(client, ResourceIdentifier.Root)
    {
    }

    /// <summary>Sends a GET and returns the parsed JSON body.</summary>
    /// <exception cref="RequestFailedException">ARM answered with a non-success status.</exception>
    public async Task<JsonDocument> GetJsonAsync(Uri uri, CancellationToken cancellationToken)
    {
        using HttpMessage message = Pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Get;
        message.Request.Uri.Reset(uri);
        message.Request.Headers.Add("Accept", "application/json");
        await Pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        Response response = message.Response;
        if (response.IsError)
        {
            throw new RequestFailedException(response);
        }

        return JsonDocument.Parse(response.Content);
    }

    /// <summary>Sends one request through the pipeline (its retry policy included) and returns the response; an error status throws.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="uri">The absolute URI.</param>
    /// <param name="body">The JSON body, or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response, its content buffered.</returns>
    /// <exception cref="RequestFailedException">ARM answered with a non-success status.</exception>
    public async Task<Response> SendAsync(RequestMethod method, Uri uri, BinaryData? body, CancellationToken cancellationToken)
    {
        using HttpMessage message = Pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(uri);
        message.Request.Headers.Add("Accept", "application/json");
        if (body is not null)
        {
            message.Request.Headers.Add("Content-Type", "application/json");
            message.Request.Content = RequestContent.Create(body);
        }

        await Pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        Response response = message.Response;
        if (response.IsError)
        {
            throw new RequestFailedException(response);
        }

        return response;
    }

    /// <summary>Gets the ARM endpoint the pipeline talks to.</summary>
    public Uri ArmEndpoint => Endpoint;

    /// <summary>Builds an absolute URI on the ARM endpoint from a path and api-version.</summary>
    public Uri Url(string path, string apiVersion) => new(Endpoint, $"{path}?api-version={apiVersion}");
}

/// <summary>A fixed bearer token for the ARM emulator, which accepts any token but requires one. Never use it against Azure.</summary>
/// <remarks>Register it as the <see cref="TokenCredential"/> singleton to override <c>DefaultAzureCredential</c> in tests and the local demo.</remarks>
public sealed class EmulatorTokenCredential : TokenCredential
{
    private static readonly AccessToken Token = new("emulator-token", DateTimeOffset.MaxValue);

    /// <summary>Returns the fixed emulator token.</summary>
    /// <param name="requestContext">Ignored.</param>
    /// <param name="cancellationToken">Ignored.</param>
    /// <returns>The token.</returns>
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => Token;

    /// <summary>Returns the fixed emulator token.</summary>
    /// <param name="requestContext">Ignored.</param>
    /// <param name="cancellationToken">Ignored.</param>
    /// <returns>The token.</returns>
    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => ValueTask.FromResult(Token);
}
