using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace PrivateLink.Api.Inbound.Webhooks;

/// <summary>Settings of the webhook routes' rate limit (section <c>Webhooks:RateLimit</c>).</summary>
public sealed class WebhookRateLimitOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Webhooks:RateLimit";

    /// <summary>Gets or sets how many deliveries one sender address may make per minute to each webhook route.</summary>
    /// <value>The default is 300 (Zendesk and Jira send from a few addresses; a ticket burst stays well below it).</value>
    [Range(1, 100_000)]
    public int PermitsPerMinute { get; set; } = 300;
}

/// <summary>
/// The webhook routes' rate limit: a fixed one-minute window per route and sender address, applied by the ASP.NET Core rate limiter
/// before the handler reads (up to 512 KiB of) the body or checks a signature. A refused delivery gets 429 problem+json with <c>Retry-After</c>.
/// </summary>
/// <param name="options">The limit.</param>
public sealed class WebhookRateLimitPolicy(IOptions<WebhookRateLimitOptions> options) : IRateLimiterPolicy<string>
{
    /// <summary>The policy name the webhook route group requires.</summary>
    public const string Name = "webhooks";

    /// <inheritdoc/>
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = RateLimitProblem.WriteAsync;

    /// <inheritdoc/>
    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        string key = $"{httpContext.Request.Path}|{httpContext.Connection.RemoteIpAddress}";
        int permits = options.Value.PermitsPerMinute;
        return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}

/// <summary>Writes a rate limiter's refusal: 429 <c>application/problem+json</c> with <c>Retry-After</c> in seconds.</summary>
public static class RateLimitProblem
{
    /// <summary>Writes the refusal.</summary>
    /// <param name="context">The rejection.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    public static async ValueTask WriteAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        HttpContext http = context.HttpContext;
        int seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests", detail: $"Rate limit reached; retry after {seconds} s.")
            .ExecuteAsync(http);
    }
}
