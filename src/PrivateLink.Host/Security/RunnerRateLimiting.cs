using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using PrivateLink.Api.Security;
using PrivateLink.Onboarding.Model;

namespace PrivateLink.Host.Security;

/// <summary>Limits of the runner's rate limiter (section <c>RateLimiting</c>), each a fixed one-minute window.</summary>
public sealed class RunnerRateLimitOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "RateLimiting";

    /// <summary>Gets or sets how many reads (GET) one caller may make per minute.</summary>
    public int ReadsPerCallerPerMinute { get; set; } = 1200;

    /// <summary>Gets or sets how many commands (POST, DELETE) one caller may make per minute.</summary>
    public int CommandsPerCallerPerMinute { get; set; } = 120;

    /// <summary>Gets or sets how many commands (submit, approval notice, cancel, re-check, offboard) one destination may receive per minute, whoever sends them.</summary>
    public int CommandsPerDestinationPerMinute { get; set; } = 20;

    /// <summary>Gets or sets how many requests one address may make per minute without a token (health, webhooks, refused calls).</summary>
    public int AnonymousPerAddressPerMinute { get; set; } = 600;
}

/// <summary>ASP.NET Core rate limiting per caller and per destination; a refused request gets 429 problem+json with <c>Retry-After</c>.</summary>
public static class RunnerRateLimiting
{
    /// <summary>Registers the limiter.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration (limits are read once at start).</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddRunnerRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RunnerRateLimitOptions>().BindConfiguration(RunnerRateLimitOptions.SectionName)
            .Validate(o => o.ReadsPerCallerPerMinute > 0 && o.CommandsPerCallerPerMinute > 0 && o.CommandsPerDestinationPerMinute > 0 && o.AnonymousPerAddressPerMinute > 0, "RateLimiting: every limit must be positive.")
            .ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            RunnerRateLimitOptions limits = configuration.GetSection(RunnerRateLimitOptions.SectionName).Get<RunnerRateLimitOptions>() ?? new RunnerRateLimitOptions();
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => PerCaller(context, limits)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => PerDestination(context, limits)));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                HttpContext context = rejected.HttpContext;
                int seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Results.Problem(
                        statusCode: StatusCodes.Status429TooManyRequests,
                        title: "Too many requests",
                        detail: $"Rate limit reached; retry after {seconds} s.")
                    .ExecuteAsync(context);
            };
        });
        return services;
    }

    private static RateLimitPartition<string> PerCaller(HttpContext context, RunnerRateLimitOptions limits)
    {
        Actor? actor = CallerActor.FromPrincipal(context.User);
        if (actor is null)
        {
            string address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            return Window("anonymous:" + address, limits.AnonymousPerAddressPerMinute);
        }

        return IsCommand(context.Request)
            ? Window("commands:" + actor.ObjectId, limits.CommandsPerCallerPerMinute)
            : Window("reads:" + actor.ObjectId, limits.ReadsPerCallerPerMinute);
    }

    private static RateLimitPartition<string> PerDestination(HttpContext context, RunnerRateLimitOptions limits)
    {
        // Commands addressed to one destination (…/{destinationId}[/approval|cancel|recheck], DELETE) share one budget, whoever sends them.
        if (IsCommand(context.Request) && context.Request.RouteValues.TryGetValue("destinationId", out object? id) && id is string destinationId)
        {
            return Window("destination:" + destinationId, limits.CommandsPerDestinationPerMinute);
        }

        return RateLimitPartition.GetNoLimiter("none");
    }

    private static bool IsCommand(HttpRequest request) => HttpMethods.IsPost(request.Method) || HttpMethods.IsDelete(request.Method);

    private static RateLimitPartition<string> Window(string key, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
}
