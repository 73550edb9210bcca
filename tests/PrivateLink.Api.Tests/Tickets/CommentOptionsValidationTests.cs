using System.ComponentModel.DataAnnotations;
using PrivateLink.Api.Outbound.Tickets;

namespace PrivateLink.Api.Tests.Tickets;

public sealed class CommentOptionsValidationTests
{
    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("agent@example.com", true)]
    [InlineData("not-an-address", false)]
    public void Validate_ZendeskEmail_EmptyMeansNotConfiguredAndAnythingElseMustBeAnAddress(string? email, bool valid)
    {
        var sut = new ZendeskCommentOptions { Email = email };

        bool result = Validator.TryValidateObject(sut, new ValidationContext(sut), [], validateAllProperties: true);

        Assert.Equal(valid, result);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("agent@example.com", true)]
    [InlineData("agent@", false)]
    public void Validate_JiraEmail_EmptyMeansNotConfiguredAndAnythingElseMustBeAnAddress(string? email, bool valid)
    {
        var sut = new JiraCommentOptions { Email = email };

        bool result = Validator.TryValidateObject(sut, new ValidationContext(sut), [], validateAllProperties: true);

        Assert.Equal(valid, result);
    }
}
