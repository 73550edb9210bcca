using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace PrivateLink.Api.Inbound.Webhooks;

/// <summary>Reads a webhook's raw body (the signature covers the exact bytes), bounded in size.</summary>
internal static class WebhookBody
{
    /// <summary>The largest vendor payload accepted (Jira issue payloads carry every field of the issue).</summary>
    public const int MaxVendorBodyBytes = 512 * 1024;

    /// <summary>Reads the body.</summary>
    /// <param name="request">The request.</param>
    /// <param name="maxBytes">The largest body accepted.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The bytes, or null when the body is larger than <paramref name="maxBytes"/>.</returns>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        while (true)
        {
            int read = await request.Body.ReadAsync(chunk, cancellationToken);
            if (read == 0)
            {
                return buffer.ToArray();
            }

            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }
    }

    /// <summary>Tells whether the request declares a JSON body (UTF-8).</summary>
    /// <param name="request">The request.</param>
    /// <returns>True for <c>application/json</c>, with no charset or UTF-8.</returns>
    public static bool IsJson(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out MediaTypeHeaderValue? mediaType)
        && mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        && (!mediaType.Charset.HasValue || mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
}
