using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using PrivateLink.Onboarding.Notifications;

namespace PrivateLink.Api.Outbound.Tickets;

/// <summary>Sends a ticket-system request and sorts the answer into final (a status code) and transient (an exception the workflow retries).</summary>
internal static class TicketHttp
{
    /// <summary>Makes a Basic authorization header from a user name and a secret.</summary>
    /// <param name="user">The user part (Zendesk: <c>{email}/token</c>; Jira: the email).</param>
    /// <param name="secret">The API token.</param>
    /// <returns>The header value.</returns>
    public static AuthenticationHeaderValue Basic(string user, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{secret}")));

    /// <summary>Appends a relative path to a base URL that may itself have a path.</summary>
    /// <param name="baseUrl">The site URL.</param>
    /// <param name="relative">The API path, without a leading slash.</param>
    /// <returns>The absolute URL.</returns>
    public static Uri Combine(Uri baseUrl, string relative) =>
        new(new Uri(baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl.AbsoluteUri : baseUrl.AbsoluteUri + "/"), relative);

    /// <summary>Sends the request.</summary>
    /// <param name="httpClient">The client.</param>
    /// <param name="request">The request.</param>
    /// <param name="system">The ticket system (for messages).</param>
    /// <param name="ticketId">The ticket (for messages).</param>
    /// <param name="isTransient">Which statuses are worth retrying, besides 429 and 5xx.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The status of a final answer.</returns>
    /// <exception cref="TransientNotificationException">429, 5xx, a status <paramref name="isTransient"/> accepts, a timeout or a network error.</exception>
    public static async Task<int> SendAsync(
        HttpClient httpClient, HttpRequestMessage request, TicketSystem system, string ticketId, Func<HttpStatusCode, bool>? isTransient, CancellationToken cancellationToken)
    {
        // Messages name the system, ticket and status only: they end up in orchestration history, so never a header or a body.
        HttpResponseMessage response;
        try
        {
            response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new TransientNotificationException(string.Create(CultureInfo.InvariantCulture, $"{system} comment on ticket {ticketId}: {ex.HttpRequestError}."), ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransientNotificationException($"{system} comment on ticket {ticketId}: no answer within the request timeout.", ex);
        }

        using (response)
        {
            HttpStatusCode status = response.StatusCode;
            if (status == HttpStatusCode.TooManyRequests || (int)status >= 500 || isTransient?.Invoke(status) == true)
            {
                throw new TransientNotificationException(string.Create(CultureInfo.InvariantCulture, $"{system} comment on ticket {ticketId}: answered {(int)status}."));
            }

            return (int)status;
        }
    }
}
