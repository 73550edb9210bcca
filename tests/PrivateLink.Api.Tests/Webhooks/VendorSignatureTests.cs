using System.Text;
using Microsoft.AspNetCore.Http;
using PrivateLink.Api.Inbound.Webhooks;

namespace PrivateLink.Api.Tests.Webhooks;

public sealed class VendorSignatureTests
{
    private const string ZendeskSecret = WebhookTestApp.ZendeskSecret;
    private const string JiraSecret = WebhookTestApp.JiraSecret;
    private const string Body = """{"ticketId":"35436"}""";
    private const string Timestamp = "2025-06-01T12:00:00Z";
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ZendeskVerify_ValidSignature_ReturnsValidWithTimestampAndSignatureAsKey()
    {
        string signature = TestSignatures.Zendesk(ZendeskSecret, Timestamp, Body);

        SignatureCheck result = ZendeskSignature.Verify(ZendeskSecret, ZendeskHeaders(signature, Timestamp), Encoding.UTF8.GetBytes(Body), Now, TimeSpan.FromMinutes(5), out string? key, out _);

        Assert.Equal(SignatureCheck.Valid, result);
        Assert.Equal($"{Timestamp}|{Convert.ToHexStringLower(Convert.FromBase64String(signature))}", key);
    }

    [Fact]
    public void ZendeskCompute_MatchesDocumentedFormula()
    {
        string sut = ZendeskSignature.Compute(ZendeskSecret, Timestamp, Encoding.UTF8.GetBytes(Body));

        Assert.Equal(TestSignatures.Zendesk(ZendeskSecret, Timestamp, Body), sut);
    }

    [Fact]
    public void ZendeskVerify_TamperedBody_ReturnsInvalidSignature()
    {
        string signature = TestSignatures.Zendesk(ZendeskSecret, Timestamp, Body);

        SignatureCheck result = ZendeskSignature.Verify(ZendeskSecret, ZendeskHeaders(signature, Timestamp), Encoding.UTF8.GetBytes(Body + " "), Now, TimeSpan.FromMinutes(5), out _, out _);

        Assert.Equal(SignatureCheck.InvalidSignature, result);
    }

    [Fact]
    public void ZendeskVerify_WrongSecret_ReturnsInvalidSignature()
    {
        string signature = TestSignatures.Zendesk("not-the-secret", Timestamp, Body);

        SignatureCheck result = ZendeskSignature.Verify(ZendeskSecret, ZendeskHeaders(signature, Timestamp), Encoding.UTF8.GetBytes(Body), Now, TimeSpan.FromMinutes(5), out _, out _);

        Assert.Equal(SignatureCheck.InvalidSignature, result);
    }

    [Fact]
    public void ZendeskVerify_SignatureOverAnotherTimestamp_ReturnsInvalidSignature()
    {
        string signature = TestSignatures.Zendesk(ZendeskSecret, "2025-06-01T11:59:00Z", Body);

        SignatureCheck result = ZendeskSignature.Verify(ZendeskSecret, ZendeskHeaders(signature, Timestamp), Encoding.UTF8.GetBytes(Body), Now, TimeSpan.FromMinutes(5), out _, out _);

        Assert.Equal(SignatureCheck.InvalidSignature, result);
    }

    [Theory]
    [InlineData("2025-06-01T11:54:59Z")]
    [InlineData("2025-06-01T12:05:01Z")]
    [InlineData("yesterday")]
    public void ZendeskVerify_TimestampOutsideFiveMinutes_ReturnsStaleTimestamp(string timestamp)
    {
        string signature = TestSignatures.Zendesk(ZendeskSecret, timestamp, Body);

        SignatureCheck result = ZendeskSignature.Verify(ZendeskSecret, ZendeskHeaders(signature, timestamp), Encoding.UTF8.GetBytes(Body), Now, TimeSpan.FromMinutes(5), out _, out _);

        Assert.Equal(SignatureCheck.StaleTimestamp, result);
    }

    [Theory]
    [InlineData(ZendeskSignature.SignatureHeader)]
    [InlineData(ZendeskSignature.TimestampHeader)]
    public void ZendeskVerify_MissingHeader_ReturnsMissingHeaders(string header)
    {
        HeaderDictionary headers = ZendeskHeaders(TestSignatures.Zendesk(ZendeskSecret, Timestamp, Body), Timestamp);
        headers.Remove(header);

        SignatureCheck result = ZendeskSignature.Verify(ZendeskSecret, headers, Encoding.UTF8.GetBytes(Body), Now, TimeSpan.FromMinutes(5), out _, out _);

        Assert.Equal(SignatureCheck.MissingHeaders, result);
    }

    [Fact]
    public void JiraVerify_ValidSignature_ReturnsValidWithIdentifier()
    {
        SignatureCheck result = JiraSignature.Verify(JiraSecret, JiraHeaders(TestSignatures.Jira(JiraSecret, Body), "delivery-1"), Encoding.UTF8.GetBytes(Body), out string? id);

        Assert.Equal(SignatureCheck.Valid, result);
        Assert.Equal("delivery-1", id);
    }

    [Fact]
    public void JiraVerify_UpperCaseHex_ReturnsValid()
    {
        string signature = "sha256=" + TestSignatures.Jira(JiraSecret, Body)["sha256=".Length..].ToUpperInvariant();

        SignatureCheck result = JiraSignature.Verify(JiraSecret, JiraHeaders(signature, "delivery-1"), Encoding.UTF8.GetBytes(Body), out _);

        Assert.Equal(SignatureCheck.Valid, result);
    }

    [Fact]
    public void JiraVerify_TamperedBody_ReturnsInvalidSignature()
    {
        SignatureCheck result = JiraSignature.Verify(JiraSecret, JiraHeaders(TestSignatures.Jira(JiraSecret, Body), "delivery-1"), Encoding.UTF8.GetBytes(Body.ToUpperInvariant()), out _);

        Assert.Equal(SignatureCheck.InvalidSignature, result);
    }

    [Theory]
    [InlineData("other-secret")]
    [InlineData("")]
    public void JiraVerify_WrongSecret_ReturnsInvalidSignature(string secret)
    {
        SignatureCheck result = JiraSignature.Verify(JiraSecret, JiraHeaders(TestSignatures.Jira(secret, Body), "delivery-1"), Encoding.UTF8.GetBytes(Body), out _);

        Assert.Equal(SignatureCheck.InvalidSignature, result);
    }

    [Theory]
    [InlineData("sha1=0123")]
    [InlineData("sha256=zz")]
    [InlineData("sha256=")]
    public void JiraVerify_MalformedHeader_ReturnsInvalidSignature(string signature)
    {
        SignatureCheck result = JiraSignature.Verify(JiraSecret, JiraHeaders(signature, "delivery-1"), Encoding.UTF8.GetBytes(Body), out _);

        Assert.Equal(SignatureCheck.InvalidSignature, result);
    }

    [Theory]
    [InlineData(JiraSignature.SignatureHeader)]
    [InlineData(JiraSignature.IdentifierHeader)]
    public void JiraVerify_MissingHeader_ReturnsMissingHeaders(string header)
    {
        HeaderDictionary headers = JiraHeaders(TestSignatures.Jira(JiraSecret, Body), "delivery-1");
        headers.Remove(header);

        SignatureCheck result = JiraSignature.Verify(JiraSecret, headers, Encoding.UTF8.GetBytes(Body), out _);

        Assert.Equal(SignatureCheck.MissingHeaders, result);
    }

    private static HeaderDictionary ZendeskHeaders(string signature, string timestamp) => new()
    {
        [ZendeskSignature.SignatureHeader] = signature,
        [ZendeskSignature.TimestampHeader] = timestamp,
    };

    private static HeaderDictionary JiraHeaders(string signature, string identifier) => new()
    {
        [JiraSignature.SignatureHeader] = signature,
        [JiraSignature.IdentifierHeader] = identifier,
    };
}
