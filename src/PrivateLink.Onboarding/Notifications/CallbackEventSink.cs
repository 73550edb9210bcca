using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StandardWebhooks;

namespace PrivateLink.Onboarding.Notifications;

/// <summary>Calls the ticket system back at the request's <c>callbackUrl</c> with the event as JSON, signed per Standard Webhooks.</summary>
/// <remarks>
/// <para>
/// Headers: <c>webhook-id</c> (the event id, also sent as <c>Idempotency-Key</c>), <c>webhook-timestamp</c> (Unix seconds) and
/// <c>webhook-signature</c>: <c>v1,</c> + base64(HMAC-SHA256(secret, id + "." + timestamp + "." + body)) for each configured secret,
/// space-separated (two while a secret is rotated). The body sent is exactly the bytes signed.
/// </para>
/// <para>
/// The host must be in <see cref="CallbackOptions.AllowedHosts"/> and the address connected to must be public
/// (<see cref="CallbackHttpHandler"/>); redirects are not followed (a 3xx is a refusal). 429 and 5xx are transient (retried by the
/// workflow); any other non-2xx means the receiver refuses the event and is logged, not retried. Network errors are transient; their
/// text goes to the log only, the exception (which the status API shows) says just that the callback could not be delivered.
/// </para>
/// </remarks>
public sealed class CallbackEventSink(
    HttpClient httpClient, IOptionsMonitor<CallbackOptions> options, TimeProvider timeProvider, ILogger<CallbackEventSink> logger) : IDestinationEventSink
{
    /// <inheritdoc/>
    public async Task PublishAsync(DestinationEvent destinationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destinationEvent);
        if (destinationEvent.CallbackUrl is null)
        {
            return;
        }

        CallbackOptions settings = options.CurrentValue;
        CallbackPolicy policy = settings.Policy;
        if (!Uri.TryCreate(destinationEvent.CallbackUrl, UriKind.Absolute, out Uri? url)
            || !policy.IsSchemeAllowed(url.Scheme)
            || !policy.IsHostAllowed(url.Host)
            || !string.IsNullOrEmpty(url.UserInfo))
        {
            Log.CallbackNotAllowed(logger, destinationEvent.DestinationId, url?.Host ?? "?");
            throw new CallbackRefusedException("Callback was not sent: its host is not in the allowed callback hosts.");
        }

        IReadOnlyList<string> secrets = settings.SigningSecrets;
        if (secrets.Count == 0)
        {
            Log.CallbackNotAllowed(logger, destinationEvent.DestinationId, url.Host);
            throw new CallbackRefusedException("Callback was not sent: no callback signing secret is configured.");
        }

        string payload = JsonSerializer.Serialize(destinationEvent with { CallbackUrl = null }, OnboardingJson.Options);
        DateTimeOffset timestamp = DateTimeOffset.FromUnixTimeSeconds(timeProvider.GetUtcNow().ToUnixTimeSeconds());
        string signature = string.Join(' ', secrets.Select(secret => new StandardWebhook(secret).Sign(destinationEvent.EventId, timestamp, payload)));

        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(payload, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), "application/json"),
        };
        request.Headers.Add("Idempotency-Key", destinationEvent.EventId);
        request.Headers.Add("webhook-id", destinationEvent.EventId);
        request.Headers.Add("webhook-timestamp", timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", signature);

        HttpResponseMessage response;
        try
        {
            response = await httpClient.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.InnerException is CallbackRefusedException refused)
        {
            Log.CallbackAddressRefused(logger, destinationEvent.DestinationId, url.Host);
            throw new CallbackRefusedException(refused.Message);
        }
        catch (HttpRequestException ex)
        {
            Log.CallbackFailed(logger, ex, destinationEvent.DestinationId, url.Host, ex.HttpRequestError.ToString());
            throw new TransientNotificationException($"Callback to {url.Host} could not be delivered.");
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.CallbackFailed(logger, ex, destinationEvent.DestinationId, url.Host, "Timeout");
            throw new TransientNotificationException($"Callback to {url.Host} could not be delivered.");
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
            {
                throw new TransientNotificationException(
                    string.Create(CultureInfo.InvariantCulture, $"Callback to {url.Host} answered {(int)response.StatusCode}."));
            }

            if (!response.IsSuccessStatusCode)
            {
                Log.CallbackRefused(logger, destinationEvent.DestinationId, url.Host, (int)response.StatusCode);
            }
        }
    }
}

/// <summary>Builds the callback client's handler: no redirects, no proxy, and a connect step that checks the address it actually connects to.</summary>
/// <remarks>
/// The host name is resolved once per connection by <see cref="ICallbackAddressResolver"/>; every address the policy refuses
/// (<see cref="CallbackPolicy.IsAddressAllowed"/>) is skipped and the socket connects to one of the remaining ones, so a name that
/// resolves to a public address when the request is validated and to 127.0.0.1 or 169.254.169.254 when it is sent (DNS rebinding) fails.
/// </remarks>
public static class CallbackHttpHandler
{
    /// <summary>Creates the handler.</summary>
    /// <param name="resolver">The resolver.</param>
    /// <param name="options">The callback options (read per connection, so a changed setting applies to new connections).</param>
    /// <returns>The handler.</returns>
    public static SocketsHttpHandler Create(ICallbackAddressResolver resolver, IOptionsMonitor<CallbackOptions> options)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(options);
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            ConnectCallback = (context, cancellationToken) => ConnectAsync(resolver, options.CurrentValue.Policy, context.DnsEndPoint, cancellationToken),
        };
    }

    private static async ValueTask<Stream> ConnectAsync(
        ICallbackAddressResolver resolver, CallbackPolicy policy, DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        IPAddress[] addresses = await resolver.ResolveAsync(endPoint.Host, cancellationToken);
        IPAddress[] allowed = [.. addresses.Where(policy.IsAddressAllowed)];
        if (allowed.Length == 0)
        {
            throw new CallbackRefusedException(
                $"Callback to {endPoint.Host} was not sent: the host resolves to no address callbacks may reach (public unicast only).");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>Where callbacks may go: an allowlist of host names, and (at connect time) only public unicast addresses.</summary>
/// <param name="AllowedHosts">Host names, or <c>*.</c> + a domain for its subdomains; empty means callbacks are off.</param>
/// <param name="AllowLoopback">Development only: plain http and loopback addresses are accepted (other private ranges still are not).</param>
public sealed record CallbackPolicy(IReadOnlyList<string> AllowedHosts, bool AllowLoopback)
{
    /// <summary>Gets the policy when nothing is configured: no callback anywhere.</summary>
    public static CallbackPolicy Disabled { get; } = new([], AllowLoopback: false);

    /// <summary>Finds the policy that applies to a request: the configured one, or <see cref="Disabled"/> when the request has no services (callbacks then refused).</summary>
    /// <param name="services">The request's services (<c>HttpContext.RequestServices</c>), if any.</param>
    /// <returns>The policy.</returns>
    public static CallbackPolicy For(IServiceProvider? services) =>
        (services?.GetService(typeof(IOptionsMonitor<CallbackOptions>)) as IOptionsMonitor<CallbackOptions>)?.CurrentValue.Policy ?? Disabled;

    // 168.63.129.16 is Azure's platform address (wire server, DNS, health probes), reachable from every VNet.
    private static readonly (IPAddress Network, int PrefixLength)[] RefusedRanges =
    [
        (IPAddress.Parse("0.0.0.0"), 8),          // "this network", unspecified
        (IPAddress.Parse("10.0.0.0"), 8),         // RFC 1918
        (IPAddress.Parse("100.64.0.0"), 10),      // CGNAT, RFC 6598
        (IPAddress.Parse("127.0.0.0"), 8),        // loopback
        (IPAddress.Parse("169.254.0.0"), 16),     // link-local, 169.254.169.254 metadata
        (IPAddress.Parse("172.16.0.0"), 12),      // RFC 1918
        (IPAddress.Parse("192.0.0.0"), 24),       // IETF protocol assignments
        (IPAddress.Parse("192.168.0.0"), 16),     // RFC 1918
        (IPAddress.Parse("198.18.0.0"), 15),      // benchmarking
        (IPAddress.Parse("168.63.129.16"), 32),   // Azure platform
        (IPAddress.Parse("224.0.0.0"), 3),        // multicast, reserved, broadcast
        (IPAddress.Parse("::"), 128),             // unspecified
        (IPAddress.Parse("::1"), 128),            // loopback
        (IPAddress.Parse("64:ff9b::"), 96),       // NAT64 (embeds an IPv4 address)
        (IPAddress.Parse("2001::"), 32),          // Teredo (embeds an IPv4 address)
        (IPAddress.Parse("2002::"), 16),          // 6to4 (embeds an IPv4 address)
        (IPAddress.Parse("fc00::"), 7),           // unique local
        (IPAddress.Parse("fe80::"), 10),          // link-local
        (IPAddress.Parse("ff00::"), 8),           // multicast
    ];

    /// <summary>Tells whether a callback may go to this host name (the allowlist; the address is checked when connecting).</summary>
    /// <param name="host">The URL's host.</param>
    /// <returns>True when allowed.</returns>
    public bool IsHostAllowed(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (AllowLoopback && IsLoopbackName(host))
        {
            return true;
        }

        foreach (string pattern in AllowedHosts)
        {
            if (pattern.StartsWith("*.", StringComparison.Ordinal)
                ? host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase) && host.Length > pattern.Length - 1
                : string.Equals(host, pattern, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Tells whether a URL scheme is acceptable: https, or http when <see cref="AllowLoopback"/> is on.</summary>
    /// <param name="scheme">The scheme.</param>
    /// <returns>True when acceptable.</returns>
    public bool IsSchemeAllowed(string scheme) => scheme == Uri.UriSchemeHttps || (AllowLoopback && scheme == Uri.UriSchemeHttp);

    /// <summary>Tells whether a connection to this address is allowed: public unicast only (loopback too when <see cref="AllowLoopback"/>).</summary>
    /// <param name="address">The address about to be connected to.</param>
    /// <returns>True when allowed.</returns>
    public bool IsAddressAllowed(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (AllowLoopback && IPAddress.IsLoopback(address))
        {
            return true;
        }

        if (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            return false;
        }

        foreach ((IPAddress network, int prefixLength) in RefusedRanges)
        {
            if (new IPNetwork(network, prefixLength).Contains(address))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLoopbackName(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out IPAddress? ip) && IPAddress.IsLoopback(ip));
}

/// <summary>A callback was not sent because its destination is not allowed (host not in the allowlist, scheme, or address refused at connect time).</summary>
/// <remarks>Not transient: the workflow does not retry it. The message is generic on purpose; it ends up in the status the API shows.</remarks>
public sealed class CallbackRefusedException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="CallbackRefusedException"/> class.</summary>
    /// <param name="message">A message safe to show to the requester.</param>
    public CallbackRefusedException(string message)
        : base(message)
    {
    }
}

/// <summary>Resolves a callback host name to the addresses the sender may connect to; a seam so tests can map a name to any address.</summary>
public interface ICallbackAddressResolver
{
    /// <summary>Resolves a host name.</summary>
    /// <param name="host">The host name (or an IP literal).</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The addresses.</returns>
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>Resolves with the system resolver (<see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/>).</summary>
public sealed class DnsCallbackAddressResolver : ICallbackAddressResolver
{
    /// <inheritdoc/>
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host, out IPAddress? literal) ? Task.FromResult(new[] { literal }) : Dns.GetHostAddressesAsync(host, cancellationToken);
}

/// <summary>Settings of the ticket callbacks (<c>callbackUrl</c>): signing secrets, allowed hosts, the development-only loopback switch.</summary>
/// <remarks>
/// Callbacks are off until <see cref="AllowedHosts"/> names at least one host; then a <see cref="SigningSecret"/> is required, so no
/// callback ever leaves unsigned. During a rotation both <see cref="SigningSecret"/> and <see cref="SecondarySigningSecret"/> are set and
/// every delivery carries two <c>v1</c> signatures; the receiver accepts either.
/// </remarks>
public sealed class CallbackOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Callbacks";

    /// <summary>The shortest secret accepted, in decoded bytes (the Standard Webhooks specification asks for 24 to 64).</summary>
    public const int MinSecretBytes = 24;

    /// <summary>Gets or sets the signing secret, <c>whsec_</c> followed by base64 (a Key Vault reference in Azure).</summary>
    /// <value>The default is none.</value>
    public string? SigningSecret { get; set; }

    /// <summary>Gets or sets a second signing secret, set only while rotating: deliveries are signed with both.</summary>
    /// <value>The default is none.</value>
    public string? SecondarySigningSecret { get; set; }

    /// <summary>Gets or sets the host names callbacks may go to, separated by <c>;</c>; <c>*.example.com</c> allows every subdomain of example.com.</summary>
    /// <value>The default is none: requests with a <c>callbackUrl</c> are refused.</value>
    public string? AllowedHosts { get; set; }

    /// <summary>Gets or sets a value indicating whether callbacks may use plain http and loopback addresses. Development only (tests).</summary>
    /// <value>The default is false: https only, and loopback, private, link-local, CGNAT and metadata addresses are refused at connect time.</value>
    public bool AllowLoopback { get; set; }

    /// <summary>Gets the allowed host patterns.</summary>
    public IReadOnlyList<string> AllowedHostList =>
        (AllowedHosts ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Gets the configured signing secrets, current first.</summary>
    public IReadOnlyList<string> SigningSecrets =>
        [.. new[] { SigningSecret, SecondarySigningSecret }.Where(s => !string.IsNullOrEmpty(s)).Select(s => s!)];

    /// <summary>Gets the policy the validator and the sender apply.</summary>
    public CallbackPolicy Policy => new(AllowedHostList, AllowLoopback);

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach ((string name, string? value) in new[] { (nameof(SigningSecret), SigningSecret), (nameof(SecondarySigningSecret), SecondarySigningSecret) })
        {
            if (!string.IsNullOrEmpty(value) && !IsStrongSecret(value))
            {
                yield return new ValidationResult(
                    $"{SectionName}:{name} must be 'whsec_' followed by base64 of at least {MinSecretBytes} bytes.", [name]);
            }
        }

        if (AllowedHostList.Count > 0 && string.IsNullOrEmpty(SigningSecret))
        {
            yield return new ValidationResult(
                $"{SectionName}:SigningSecret is required when {SectionName}:AllowedHosts is set: callbacks are always signed.", [nameof(SigningSecret)]);
        }

        foreach (string host in AllowedHostList)
        {
            string name = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
            if (Uri.CheckHostName(name) != UriHostNameType.Dns)
            {
                yield return new ValidationResult(
                    $"{SectionName}:AllowedHosts entry '{host}' must be a DNS host name or '*.' and one (IP addresses are not allowed).", [nameof(AllowedHosts)]);
            }
        }
    }

    /// <summary>Tells whether a secret is <c>whsec_</c> (optional) + base64 of at least <see cref="MinSecretBytes"/> bytes.</summary>
    /// <param name="secret">The secret.</param>
    /// <returns>True when long enough and well formed.</returns>
    public static bool IsStrongSecret(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        string encoded = secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret[6..] : secret;
        Span<byte> buffer = stackalloc byte[512];
        return Convert.TryFromBase64String(encoded, buffer, out int written) && written >= MinSecretBytes;
    }
}
