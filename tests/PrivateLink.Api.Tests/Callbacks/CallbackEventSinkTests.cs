using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PrivateLink.Api.Inbound.Webhooks;
using PrivateLink.Onboarding.Notifications;
using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Api.Tests.Callbacks;

/// <summary>The ticket callback: Standard Webhooks signatures (two while rotating), the host allowlist, connect-time address checks, no redirects, no socket text.</summary>
public sealed class CallbackEventSinkTests
{
    private static readonly string Secret = NewSecret();
    private static readonly string NextSecret = NewSecret();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task PublishAsync_Delivery_IsSignedPerStandardWebhooksOverTheExactBody()
    {
        await using CallbackReceiver receiver = await CallbackReceiver.StartAsync();
        CallbackEventSink sink = Sink(new CallbackOptions { SigningSecret = Secret, AllowLoopback = true });

        await sink.PublishAsync(Event(new Uri(receiver.BaseUrl, "/hooks/1")), CancellationToken.None);

        ReceivedCallback delivery = Assert.Single(receiver.Received);
        Assert.Equal("dst-1:Ready:1", delivery.Headers["webhook-id"].ToString());
        Assert.Equal(_time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), delivery.Headers["webhook-timestamp"].ToString());
        Assert.Equal(SignatureCheck.Valid, Verify(Secret, delivery));
        Assert.Equal(SignatureCheck.InvalidSignature, Verify(NextSecret, delivery));
        Assert.DoesNotContain("callbackUrl", delivery.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_TwoSecretsDuringRotation_SendsTwoSignaturesEachVerifying()
    {
        await using CallbackReceiver receiver = await CallbackReceiver.StartAsync();
        CallbackEventSink sink = Sink(new CallbackOptions { SigningSecret = Secret, SecondarySigningSecret = NextSecret, AllowLoopback = true });

        await sink.PublishAsync(Event(new Uri(receiver.BaseUrl, "/hooks/1")), CancellationToken.None);

        ReceivedCallback delivery = Assert.Single(receiver.Received);
        Assert.Equal(2, delivery.Headers["webhook-signature"].ToString().Split(' ').Length);
        Assert.Equal(SignatureCheck.Valid, Verify(Secret, delivery));
        Assert.Equal(SignatureCheck.Valid, Verify(NextSecret, delivery));
    }

    [Fact]
    public async Task PublishAsync_AllowedNameResolvingToLoopback_IsRefusedAtConnectTime()
    {
        // DNS rebinding: the allowed name answers 127.0.0.1 when the callback is sent. Without the loopback switch the connect step refuses it.
        await using CallbackReceiver receiver = await CallbackReceiver.StartAsync();
        var resolver = new MapResolver(IPAddress.Loopback);
        CallbackEventSink sink = Sink(new CallbackOptions { SigningSecret = Secret, AllowedHosts = "tickets.example.com" }, resolver);

        var ex = await Assert.ThrowsAsync<CallbackRefusedException>(
            () => sink.PublishAsync(Event(new Uri($"https://tickets.example.com:{receiver.Port}/hooks/1")), CancellationToken.None));

        Assert.Equal(["tickets.example.com"], resolver.Asked);
        Assert.Empty(receiver.Received);
        Assert.DoesNotContain("127.0.0.1", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("10.40.1.4")]
    [InlineData("172.16.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("168.63.129.16")]
    [InlineData("::1")]
    [InlineData("fd00::1")]
    [InlineData("fe80::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    public async Task PublishAsync_NameResolvingToARefusedAddress_IsRefused(string address)
    {
        CallbackEventSink sink = Sink(new CallbackOptions { SigningSecret = Secret, AllowedHosts = "tickets.example.com" }, new MapResolver(IPAddress.Parse(address)));

        await Assert.ThrowsAsync<CallbackRefusedException>(
            () => sink.PublishAsync(Event(new Uri("https://tickets.example.com/hooks/1")), CancellationToken.None));
    }

    [Fact]
    public async Task PublishAsync_HostNotInAllowlist_IsRefusedWithoutResolving()
    {
        var resolver = new MapResolver(IPAddress.Parse("203.0.113.10"));
        CallbackEventSink sink = Sink(new CallbackOptions { SigningSecret = Secret, AllowedHosts = "tickets.example.com;*.example.org" }, resolver);

        await Assert.ThrowsAsync<CallbackRefusedException>(
            () => sink.PublishAsync(Event(new Uri("https://evil.example.net/hooks/1")), CancellationToken.None));
        await Assert.ThrowsAsync<CallbackRefusedException>(
            () => sink.PublishAsync(Event(new Uri("https://example.org.evil.net/hooks/1")), CancellationToken.None));

        Assert.Empty(resolver.Asked);
    }

    [Fact]
    public async Task PublishAsync_Receiver307_IsNotFollowed()
    {
        await using CallbackReceiver target = await CallbackReceiver.StartAsync();
        await using CallbackReceiver redirector = await CallbackReceiver.StartAsync(
            StatusCodes.Status307TemporaryRedirect, new Uri(target.BaseUrl, "/internal/cancel").ToString());
        CallbackEventSink sink = Sink(new CallbackOptions { SigningSecret = Secret, AllowLoopback = true });

        await sink.PublishAsync(Event(new Uri(redirector.BaseUrl, "/hooks/1")), CancellationToken.None);

        Assert.Single(redirector.Received);
        Assert.Empty(target.Received);
    }

    [Fact]
    public async Task PublishAsync_ConnectionRefused_TransientWithoutSocketText()
    {
        int closedPort;
        using (var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        CallbackEventSink sink = Sink(new CallbackOptions { SigningSecret = Secret, AllowLoopback = true });

        var ex = await Assert.ThrowsAsync<TransientNotificationException>(
            () => sink.PublishAsync(Event(new Uri($"http://127.0.0.1:{closedPort}/hooks/1")), CancellationToken.None));

        Assert.Equal("Callback to 127.0.0.1 could not be delivered.", ex.Message);
        Assert.Null(ex.InnerException);
    }

    [Fact]
    public async Task PublishAsync_NoSigningSecret_IsRefusedNotSentUnsigned()
    {
        await using CallbackReceiver receiver = await CallbackReceiver.StartAsync();
        CallbackEventSink sink = Sink(new CallbackOptions { AllowLoopback = true });

        await Assert.ThrowsAsync<CallbackRefusedException>(
            () => sink.PublishAsync(Event(new Uri(receiver.BaseUrl, "/hooks/1")), CancellationToken.None));
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task PublishAsync_PlainHttpWithoutLoopbackSwitch_IsRefused()
    {
        await using CallbackReceiver receiver = await CallbackReceiver.StartAsync();
        CallbackEventSink sink = Sink(new CallbackOptions { SigningSecret = Secret, AllowedHosts = "tickets.example.com" }, new MapResolver(IPAddress.Loopback));

        await Assert.ThrowsAsync<CallbackRefusedException>(
            () => sink.PublishAsync(Event(new Uri($"http://tickets.example.com:{receiver.Port}/hooks/1")), CancellationToken.None));
        Assert.Empty(receiver.Received);
    }

    [Theory]
    [InlineData(null, "tickets.example.com", false)]
    [InlineData("whsec_c2hvcnQ=", null, false)]
    [InlineData("short-secret-not-base64!", null, false)]
    [InlineData("VALID", "tickets.example.com", true)]
    [InlineData("VALID", "10.0.0.1", false)]
    [InlineData("VALID", "*.example.com;tickets.example.org", true)]
    public void Options_Validate_RequiresAStrongSecretWhenCallbacksAreOn(string? secret, string? hosts, bool valid)
    {
        var options = new CallbackOptions { SigningSecret = secret == "VALID" ? Secret : secret, AllowedHosts = hosts };

        var results = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        Assert.Equal(valid, results.Count == 0);
    }

    private static SignatureCheck Verify(string secret, ReceivedCallback delivery) =>
        StandardWebhookSignature.Verify(
            secret, delivery.Headers, Encoding.UTF8.GetBytes(delivery.Body),
            DateTimeOffset.FromUnixTimeSeconds(long.Parse(delivery.Headers["webhook-timestamp"].ToString(), System.Globalization.CultureInfo.InvariantCulture)),
            TimeSpan.FromMinutes(5), out _, out _);

    private static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static DestinationEvent Event(Uri callbackUrl) =>
        new("dst-1:Ready:1", "dst-1", "SUP-1", OnboardingStage.Ready, "ready", new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc), callbackUrl.ToString(), null);

    private CallbackEventSink Sink(CallbackOptions options, ICallbackAddressResolver? resolver = null)
    {
        var monitor = new FixedOptionsMonitor(options);
        var http = new HttpClient(CallbackHttpHandler.Create(resolver ?? new DnsCallbackAddressResolver(), monitor)) { Timeout = TimeSpan.FromSeconds(10) };
        return new CallbackEventSink(http, monitor, _time, NullLogger<CallbackEventSink>.Instance);
    }

    private sealed class MapResolver(params IPAddress[] addresses) : ICallbackAddressResolver
    {
        private readonly List<string> _asked = [];

        public IReadOnlyList<string> Asked => _asked;

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
        {
            _asked.Add(host);
            return Task.FromResult(addresses);
        }
    }

    private sealed class FixedOptionsMonitor(CallbackOptions value) : IOptionsMonitor<CallbackOptions>
    {
        public CallbackOptions CurrentValue => value;

        public CallbackOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<CallbackOptions, string?> listener) => null;
    }
}
