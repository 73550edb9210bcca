using System.ComponentModel.DataAnnotations;
using PrivateLink.Api.Inbound.Webhooks;

namespace PrivateLink.Api.Tests.Webhooks;

public sealed class WebhookOptionsTests
{
    [Fact]
    public void GenericWebhookOptions_Defaults_NoSecretAndFiveMinutes()
    {
        var sut = new GenericWebhookOptions();

        Assert.Null(sut.SigningSecret);
        Assert.Equal(TimeSpan.FromMinutes(5), sut.Tolerance);
    }

    [Fact]
    public void ZendeskWebhookOptions_Defaults_NoSecretFiveMinutesTicketCreated()
    {
        var sut = new ZendeskWebhookOptions();

        Assert.Null(sut.SigningSecret);
        Assert.Equal(TimeSpan.FromMinutes(5), sut.Tolerance);
        Assert.Equal("zd-", sut.DestinationIdPrefix);
        Assert.Equal(["zen:event-type:ticket.created"], sut.StartEventTypes);
        Assert.Empty(sut.Fields.ToDictionary());
    }

    [Fact]
    public void JiraWebhookOptions_Defaults_NoSecretIssueCreatedSevenDays()
    {
        var sut = new JiraWebhookOptions();

        Assert.Null(sut.Secret);
        Assert.True(sut.StartOnIssueCreated);
        Assert.Null(sut.StartOnStatus);
        Assert.Equal("jira-", sut.DestinationIdPrefix);
        Assert.Equal(TimeSpan.FromHours(1), sut.Tolerance);
    }

    [Fact]
    public void WebhookReplayOptions_Defaults_TableName()
    {
        var sut = new WebhookReplayOptions();

        Assert.Equal("webhookdeliveries", sut.TableName);
    }

    [Theory]
    [InlineData("whsec_not base64!")]
    [InlineData("whsec_")]
    public void GenericWebhookOptions_MalformedSecret_FailsValidation(string secret)
    {
        var sut = new GenericWebhookOptions { SigningSecret = secret };

        bool valid = Validator.TryValidateObject(sut, new ValidationContext(sut), [], validateAllProperties: true);

        Assert.False(valid);
    }

    [Fact]
    public void GenericWebhookOptions_ToleranceOverFifteenMinutes_FailsValidation()
    {
        var sut = new GenericWebhookOptions { Tolerance = TimeSpan.FromHours(1) };

        bool valid = Validator.TryValidateObject(sut, new ValidationContext(sut), [], validateAllProperties: true);

        Assert.False(valid);
    }
}
