using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PrivateLink.Api.Inbound.Webhooks;

namespace PrivateLink.Host.Tests.Reliability;

/// <summary>A loopback HTTP receiver for the runner's callbacks: records every POST whose Standard Webhooks signature verifies, with its Idempotency-Key, destination and stage.</summary>
/// <remarks>An unsigned or wrongly signed delivery is answered 401 and not recorded, so tests waiting for callbacks also prove they are signed.</remarks>
internal sealed class CallbackRecorder : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<CallbackDelivery> _deliveries = new();
    private int _unsigned;

    private CallbackRecorder(WebApplication app) => _app = app;

    public string Url { get; private set; } = string.Empty;

    /// <summary>Gets the secret the runner signs callbacks with (<c>Callbacks:SigningSecret</c>), made per recorder.</summary>
    public string SigningSecret { get; } = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Gets how many deliveries failed signature verification.</summary>
    public int Unsigned => _unsigned;

    public IReadOnlyList<CallbackDelivery> Deliveries => [.. _deliveries];

    public static async Task<CallbackRecorder> StartAsync(CancellationToken cancellationToken)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        var recorder = new CallbackRecorder(app);
        app.MapPost("/callbacks", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            if (StandardWebhookSignature.Verify(recorder.SigningSecret, request.Headers, buffer.ToArray(), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5), out _, out _)
                != SignatureCheck.Valid)
            {
                Interlocked.Increment(ref recorder._unsigned);
                return Results.Unauthorized();
            }

            using JsonDocument body = JsonDocument.Parse(buffer.ToArray());
            recorder._deliveries.Enqueue(new CallbackDelivery(
                request.Headers["Idempotency-Key"].ToString(),
                body.RootElement.GetProperty("destinationId").GetString() ?? string.Empty,
                body.RootElement.GetProperty("stage").ToString()));
            return Results.NoContent();
        });
        await app.StartAsync(cancellationToken);
        recorder.Url = app.Urls.First() + "/callbacks";
        return recorder;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One callback POST as received.</summary>
internal sealed record CallbackDelivery(string IdempotencyKey, string DestinationId, string Stage);
