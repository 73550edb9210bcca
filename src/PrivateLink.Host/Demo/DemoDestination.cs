using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace PrivateLink.Host.Demo;

/// <summary>A local HTTPS destination on loopback (standing in for a Data Lake endpoint), serving a certificate from the demo CA.</summary>
internal sealed class DemoDestination : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DemoDestination(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public static async Task<DemoDestination> StartAsync(DemoCertificates certificates, CancellationToken cancellationToken)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = certificates.Server,
        })));
        WebApplication app = builder.Build();
        app.MapMethods("/", ["GET", "HEAD"], () => Results.Ok(new { service = "demo destination" }));
        await app.StartAsync(cancellationToken);
        int port = new Uri(app.Urls.First()).Port;
        return new DemoDestination(app, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
