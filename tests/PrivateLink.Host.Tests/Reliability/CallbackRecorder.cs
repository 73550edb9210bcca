using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PrivateLink.Host.Tests.Reliability;

/// <summary>A loopback HTTP receiver for the runner's callbacks: records every POST with its Idempotency-Key, destination and stage.</summary>
internal sealed class CallbackRecorder : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<CallbackDelivery> _deliveries = new();

    private CallbackRecorder(WebApplication app) => _app = app;

    public string Url { get; private set; } = string.Empty;

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
            using JsonDocument body = await JsonDocument.ParseAsync(request.Body);
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
