using System.ComponentModel.DataAnnotations;

namespace PrivateLink.Api.Outbound.Tickets;

/// <summary>Validates the agent email of a ticket-system setting, where empty means "not configured".</summary>
internal static class OptionalEmail
{
    /// <summary>Checks an optional email address.</summary>
    /// <param name="email">The configured address; null or empty means not configured.</param>
    /// <param name="sectionName">The configuration section, named in the error.</param>
    /// <returns>One error when a non-empty value is not an address; none otherwise.</returns>
    public static IEnumerable<ValidationResult> Validate(string? email, string sectionName)
    {
        if (!string.IsNullOrEmpty(email) && !new EmailAddressAttribute().IsValid(email))
        {
            yield return new ValidationResult($"{sectionName}:Email is not a valid e-mail address.", ["Email"]);
        }
    }
}
