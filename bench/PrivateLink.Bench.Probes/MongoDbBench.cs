using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using PrivateLink.Connectivity;
using PrivateLink.Connectivity.Protocols;
using PrivateLink.Connectivity.Wire;

namespace PrivateLink.Bench.Probes;

/// <summary>
/// The MongoDB probe (TLS, then hello over OP_MSG) against an in-process listener on loopback that answers like a replica-set
/// primary, next to <c>openssl s_client</c> doing the same TLS handshake (no MongoDB server installs here). The listener shares
/// the two cores with the probe, so the figures are upper bounds.
/// </summary>
internal static class MongoDbBench
{
    public static async Task RunAsync(int iterations)
    {
        using X509Certificate2 ca = CreateCertificate("CN=Bench CA", null, isCa: true);
        using X509Certificate2 server = CreateCertificate("CN=localhost", ca, isCa: false);
        string caFile = Path.Combine(Path.GetTempPath(), $"bench-mongodb-ca-{Environment.ProcessId}.crt");
        await File.WriteAllTextAsync(caFile, ca.ExportCertificatePem());
        using TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using CancellationTokenSource stop = new();
        Task serving = ServeAsync(listener, server, stop.Token);
        try
        {
            ConnectivityProbe probe = new(Options.Create(new ProbeOptions()), TimeProvider.System);
            ProbeRequest request = new(ProbeProtocol.MongoDb, "localhost", "127.0.0.1", port, RequireTls: true, TrustedCaBundlePem: ca.ExportCertificatePem());
            List<double> full = [];
            List<double> handshake = [];
            List<double> exchange = [];
            for (int i = -10; i < iterations; i++)
            {
                long start = Stopwatch.GetTimestamp();
                ProbeResult result = await probe.ProbeAsync(request, CancellationToken.None);
                double elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (!result.Succeeded)
                {
                    throw new InvalidOperationException($"MongoDB probe failed: {result.Status} {result.Detail}");
                }

                if (i >= 0)
                {
                    full.Add(elapsed);
                    handshake.Add(result.Timings.HandshakeMs);
                    exchange.Add(result.Timings.NegotiationMs);
                }
            }

            int processIterations = Math.Max(10, iterations * 3 / 10);
            string[] check = ["s_client", "-connect", $"127.0.0.1:{port}", "-servername", "localhost", "-verify_hostname", "localhost",
                "-CAfile", caFile, "-verify_return_error", "-brief"];
            List<double> process = [];
            for (int i = -3; i < processIterations; i++)
            {
                double elapsed = await Measure.TimeProcessAsync(check, expectSuccess: true);
                if (i >= 0)
                {
                    process.Add(elapsed);
                }
            }

            Console.WriteLine($"MongoDB probe runs: {iterations}; openssl runs: {processIterations}; cores: {Environment.ProcessorCount}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"mongodb (in-process listener) | probe full run {Measure.Median(full):F2} ms | handshake {Measure.Median(handshake):F2} ms | hello over OP_MSG {Measure.Median(exchange):F2} ms | openssl s_client process (handshake only) {Measure.Median(process):F2} ms"));
        }
        finally
        {
            await stop.CancelAsync();
            listener.Stop();
            await serving.ContinueWith(_ => { }, TaskScheduler.Default);
            File.Delete(caFile);
        }
    }

    private static async Task ServeAsync(TcpListener listener, X509Certificate2 certificate, CancellationToken cancellationToken)
    {
        byte[] body = Bson.Encode(new BsonDocument([
            new("isWritablePrimary", true), new("setName", "rs0"), new("maxBsonObjectSize", 16_777_216), new("maxMessageSizeBytes", 48_000_000),
            new("maxWriteBatchSize", 100_000), new("minWireVersion", 0), new("maxWireVersion", 21), new("readOnly", false), new("ok", 1.0)]));
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket = await listener.AcceptSocketAsync(cancellationToken);
            _ = Task.Run(() => AnswerAsync(socket, certificate, body, cancellationToken), cancellationToken);
        }
    }

    private static async Task AnswerAsync(Socket socket, X509Certificate2 certificate, byte[] body, CancellationToken cancellationToken)
    {
        using Socket owned = socket;
        owned.NoDelay = true; // as mongod sets TCP_NODELAY; otherwise Nagle and delayed ACKs add ~40 ms to the reply
        await using NetworkStream network = new(owned, ownsSocket: false);
        await using SslStream tls = new(network);
        try
        {
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, cancellationToken);
            byte[] header = new byte[16];
            await tls.ReadExactlyAsync(header, cancellationToken);
            await tls.ReadExactlyAsync(new byte[BinaryPrimitives.ReadInt32LittleEndian(header) - 16], cancellationToken);
            byte[] reply = new byte[21 + body.Length];
            BinaryPrimitives.WriteInt32LittleEndian(reply, reply.Length);
            BinaryPrimitives.WriteInt32LittleEndian(reply.AsSpan(4), 1);
            BinaryPrimitives.WriteInt32LittleEndian(reply.AsSpan(8), BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(4)));
            BinaryPrimitives.WriteInt32LittleEndian(reply.AsSpan(12), MongoWire.OpMsg);
            body.CopyTo(reply, 21);
            await tls.WriteAsync(reply, cancellationToken);
            byte[] drain = new byte[256];
            while (await tls.ReadAsync(drain, cancellationToken) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
        {
            // openssl s_client closes right after its handshake without a command; the probe closes after the reply.
        }
    }

    private static X509Certificate2 CreateCertificate(string subject, X509Certificate2? issuer, bool isCa)
    {
        using RSA key = RSA.Create(2048);
        CertificateRequest request = new(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(isCa, false, 0, true));
        if (isCa)
        {
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
            using X509Certificate2 self = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddDays(60));
            return X509CertificateLoader.LoadPkcs12(self.Export(X509ContentType.Pfx), null);
        }

        SubjectAlternativeNameBuilder san = new();
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using X509Certificate2 issued = request.Create(issuer!, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), RandomNumberGenerator.GetBytes(12));
        using X509Certificate2 withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
    }
}
