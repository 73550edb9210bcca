using System.Text;
using Microsoft.AspNetCore.Http;
using PrivateLink.Api.Inbound.Webhooks;

namespace PrivateLink.Api.Tests.Webhooks;

public sealed class StandardWebhookSignatureTests
{
    private const string Secret = WebhookTestApp.GenericSecret;
    private const string Id = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
    private const string Body = """{"destinationId":"dst-42"}""";
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Verify_ValidSignature_ReturnsValidWithId()
    {
        HeaderDictionary headers = Headers(Id, Now.ToUnixTimeSeconds(), TestSignatures.Standard(Secret, Id, Now.ToUnixTimeSeconds(), Body));

        SignatureCheck result = StandardWebhookSignature.Verify(Secret, headers, Encoding.UTF8.GetBytes(Body), Now, TimeSpan.FromMinutes(5), out string? id, out DateTimeOffset timestamp);

        Assert.Equal(SignatureCheck.Valid, result);
        Assert.Equal(Id, id);
        Assert.Equal(Now, timestamp);
    }

    [Fact]
    public void Verify_OneOfSeveralSignaturesMatches_ReturnsValid()
    {
        // Key rotation: the sender signs with the old and the new key, space-separated.
        string other = TestSignatures.Standard("whsec_" + Convert.ToBase64String(new byte[24]), Id, Now.ToUnixTimeSeconds(), Body);
        HeaderDictionary headers = Headers(Id, Now.ToUnixTimeSeconds(), $"v2,abc {other} {TestSignatures.Standard(Secret, Id, Now.ToUnixTimeSeconds(), Body)}");

        SignatureCheck result = StandardWebhookSignature.Verify(Secret, headers, Encoding.UTF8.GetBytes(Body), Now, TimeSpan.FromMinutes(5), out _, out _);

        Assert.Equal(SignatureCheck.Valid, result);
    }

    [Fact]
    public void Verify_TamperedBody_ReturnsInvalidSignature()
    {
        HeaderDictionary headers = Headers(Id, Now.ToUnixTimeSeconds(), TestSignatures.Standard(Secret, Id, Now.ToUnixTimeSeconds(), Body));

        SignatureCheck result = StandardWebhookSignature.Verify(Secret, headers, Encoding.UTF8.GetBytes(Body.Replace("42", "43", StringComparison.Ordinal)), Now, TimeSpan.FromMinutes(5), out _, out _);

        Assert.Equal(SignatureCheck.InvalidSignature, result);
    }

    [Fact]
    public void Verify_WrongSecret_ReturnsInvalidSignature()
    {
        string wrong = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("another secret of 24 b!!"));
        HeaderDictionary headers = Headers(Id, Now.ToUnixTimeSeconds(), TestSignatures.Standard(wrong, Id, Now.ToUnixTimeSeconds(), Body));

        SignatureCheck result = StandardWebhookSignature.Verify(Secret, headers, Encoding.UTF8.GetBytes(Body), Now, TimeSpan.FromMinutes(5), out _, out _);

        Assert.Equal(SignatureCheck.InvalidSignature, result);
    }

    [Fact]
    public void Verify_SignatureOverAnotherId_ReturnsInvalidSignature()
    {
        HeaderDictionary headers = Headers("msg_other", Now.ToUnixTimeSeconds(), TestSignatures.Standard(Secret, Id, Now.ToUnixTimeSeconds(), Body));

        SignatureCheck result = StandardWebhookSignature.Verify(Secret, headers, Encoding.UTF8.GetBytes(Body), Now, TimeSpan.FromMinutes(5), out _, out _);

        Assert.Equal(SignatureCheck.InvalidSignature, result);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void Verify_TimestampOutsideFiveMinutes_ReturnsStaleTimestamp(int offsetSeconds)
    {
        long ts = Now.AddSeconds(offsetSeconds).ToUnixTimeSeconds();
        HeaderDictionary headers = Headers(Id, ts, TestSignatures.Standard(Secret, Id, ts, Body));

        SignatureCheck result = StandardWebhookSignature.Verify(Secret, headers, Encoding.UTF8.GetBytes(Body), Now, TimeSpan.FromMinutes(5), out _, out _);

        Assert.Equal(SignatureCheck.StaleTimestamp, result);
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    public void Verify_TimestampAtTheEdge_ReturnsValid(int offsetSeconds)
    {
        long ts = Now.AddSeconds(offsetSeconds).ToUnixTimeSeconds();
        HeaderDictionary headers = Headers(Id, ts, TestSignatures.Standard(Secret, Id, ts, Body));

        SignatureCheck result = StandardWebhookSignature.Verify(Secret, headers, Encoding.UTF8.GetBytes(Body), Now, TimeSpan.FromMinutes(5), out _, out _);

        Assert.Equal(SignatureCheck.Valid, result);
    }

    [Fact]
    public void Verify_NonCanonicalTimestamp_ReturnsStaleTimestamp()
    {
        HeaderDictionary headers = Headers(Id, Now.ToUnixTimeSeconds(), TestSignatures.Standard(Secret, Id, Now.ToUnixTimeSeconds(), Body));
        headers["webhook-timestamp"] = "0" + Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        SignatureCheck result = StandardWebhookSignature.Verify(Secret, headers, Encoding.UTF8.GetBytes(Body), Now, TimeSpan.FromMinutes(5), out _, out _);

        Assert.Equal(SignatureCheck.StaleTimestamp, result);
    }

    [Theory]
    [InlineData("webhook-id")]
    [InlineData("webhook-timestamp")]
    [InlineData("webhook-signature")]
    public void Verify_MissingHeader_ReturnsMissingHeaders(string header)
    {
        HeaderDictionary headers = Headers(Id, Now.ToUnixTimeSeconds(), TestSignatures.Standard(Secret, Id, Now.ToUnixTimeSeconds(), Body));
        headers.Remove(header);

        SignatureCheck result = StandardWebhookSignature.Verify(Secret, headers, Encoding.UTF8.GetBytes(Body), Now, TimeSpan.FromMinutes(5), out _, out _);

        Assert.Equal(SignatureCheck.MissingHeaders, result);
    }

    [Fact]
    public void Verify_NoSecretConfigured_ReturnsNotConfigured()
    {
        HeaderDictionary headers = Headers(Id, Now.ToUnixTimeSeconds(), TestSignatures.Standard(Secret, Id, Now.ToUnixTimeSeconds(), Body));

        SignatureCheck result = StandardWebhookSignature.Verify(null, headers, Encoding.UTF8.GetBytes(Body), Now, TimeSpan.FromMinutes(5), out _, out _);

        Assert.Equal(SignatureCheck.NotConfigured, result);
    }

    private static HeaderDictionary Headers(string id, long timestamp, string signature) => new()
    {
        ["webhook-id"] = id,
        ["webhook-timestamp"] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["webhook-signature"] = signature,
    };
}
