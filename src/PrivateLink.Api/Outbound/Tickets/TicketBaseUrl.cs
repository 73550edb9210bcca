using System.ComponentModel.DataAnnotations;
using System.Net;

namespace PrivateLink.Api.Outbound.Tickets;

/// <summary>Validates a ticket system's base URL: https, so the API token never travels in clear.</summary>
internal static class TicketBaseUrl
{
    /// <summary>Checks a configured base URL.</summary>
    /// <param name="baseUrl">The URL; null means not configured.</param>
    /// <param name="sectionName">The configuration section, named in the error.</param>
    /// <returns>One error when the URL is not https (plain http is accepted for a loopback host only: the token does not leave the machine); none otherwise.</returns>
    public static IEnumerable<ValidationResult> Validate(Uri? baseUrl, string sectionName)
    {
        if (baseUrl is null)
        {
            yield break;
        }

        bool loopback = baseUrl.IsAbsoluteUri && (baseUrl.IsLoopback || (IPAddress.TryParse(baseUrl.Host, out IPAddress? ip) && IPAddress.IsLoopback(ip)));
        if (!baseUrl.IsAbsoluteUri || !(baseUrl.Scheme == Uri.UriSchemeHttps || (baseUrl.Scheme == Uri.UriSchemeHttp && loopback)))
        {
            yield return new ValidationResult($"{sectionName}:BaseUrl must be an absolute https URL.", ["BaseUrl"]);
        }
        else if (!string.IsNullOrEmpty(baseUrl.UserInfo) || baseUrl.Query.Length > 0)
        {
            yield return new ValidationResult($"{sectionName}:BaseUrl must not carry user info or a query string.", ["BaseUrl"]);
        }
    }
}
