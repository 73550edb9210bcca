using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using PrivateLink.Api.Security;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Notifications;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;
using PrivateLink.Onboarding.Validation;

namespace PrivateLink.Api.Inbound.Http;

/// <summary>The HTTP handlers of the onboarding API; the runner maps them as minimal APIs and the Functions app calls them from its triggers.</summary>
public static class OnboardingHandlers
{
    /// <summary>The default page size of the list.</summary>
    public const int DefaultPageSize = 50;

    /// <summary>POST /api/onboardings: starts an onboarding (202), finds the same one (200), or reports a conflicting one (409).</summary>
    /// <param name="request">The HTTP request with the JSON body; its <c>HttpContext.User</c> is the caller recorded as the submitter.</param>
    /// <param name="service">The onboarding service.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The HTTP result.</returns>
    public static async Task<IResult> SubmitAsync(HttpRequest request, OnboardingService service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(service);
        if (CallerActor.FromPrincipal(request.HttpContext.User) is not { } actor)
        {
            return NoCaller();
        }

        (OnboardingRequest? body, IResult? problem) = await JsonBodyReader.ReadAsync<OnboardingRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        OnboardDestinationInput? input = OnboardingRequestValidator.Validate(body, out ValidationErrors errors, CallbackPolicy.For(request.HttpContext.RequestServices));
        if (input is null)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The onboarding request is invalid.");
        }

        input = input with { RequestedBy = actor };
        CommandResult result = await service.SubmitAsync(input, cancellationToken);
        string location = $"/api/onboardings/{input.DestinationId}";
        return result.Outcome switch
        {
            CommandOutcome.Accepted => TypedResults.Accepted(location, new { destinationId = input.DestinationId, stage = OnboardingStage.Submitted, statusUrl = location }),
            CommandOutcome.AlreadyExists => TypedResults.Ok(result.View),
            _ => Conflict(result.Reason!),
        };
    }

    /// <summary>GET /api/onboardings/{destinationId}: the onboarding's stage, timeline, endpoint and probe results.</summary>
    /// <param name="destinationId">The destination id.</param>
    /// <param name="service">The onboarding service.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>200 with the view, 400 for a malformed id, 404 when unknown.</returns>
    public static async Task<IResult> GetAsync(string destinationId, OnboardingService service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (InvalidId(destinationId) is { } bad)
        {
            return bad;
        }

        OnboardingView? view = await service.GetAsync(destinationId, cancellationToken);
        return view is null ? NotFound(destinationId) : TypedResults.Ok(view);
    }

    /// <summary>GET /api/onboardings?stage=…&amp;continuationToken=…&amp;pageSize=…: one page of onboardings.</summary>
    /// <param name="stage">Only this stage (optional).</param>
    /// <param name="continuationToken">The previous page's token (optional).</param>
    /// <param name="pageSize">The page size, 1 to 100 (optional; default 50).</param>
    /// <param name="service">The onboarding service.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>200 with the page, or 400 naming the bad query parameter.</returns>
    public static async Task<IResult> ListAsync(string? stage, string? continuationToken, string? pageSize, OnboardingService service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        var errors = new ValidationErrors();
        OnboardingStage? stageFilter = null;
        if (!string.IsNullOrEmpty(stage))
        {
            if (Enum.GetNames<OnboardingStage>().FirstOrDefault(n => string.Equals(n, stage, StringComparison.OrdinalIgnoreCase)) is { } name)
            {
                stageFilter = Enum.Parse<OnboardingStage>(name);
            }
            else
            {
                errors.Add("stage", $"Unknown stage '{stage}'. Expected one of: {string.Join(", ", Enum.GetNames<OnboardingStage>())}.");
            }
        }

        int size = DefaultPageSize;
        if (!string.IsNullOrEmpty(pageSize) && (!int.TryParse(pageSize, out size) || size is < 1 or > OnboardingService.MaxPageSize))
        {
            errors.Add("pageSize", $"Must be a whole number from 1 to {OnboardingService.MaxPageSize}.");
        }

        if (continuationToken is { Length: > 4096 })
        {
            errors.Add("continuationToken", "Too long; pass back the token of the previous page unchanged.");
        }

        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        try
        {
            return TypedResults.Ok(await service.ListAsync(stageFilter, continuationToken, size, cancellationToken));
        }
        catch (Exception ex) when (!string.IsNullOrEmpty(continuationToken) && ex is not OperationCanceledException)
        {
            // Each engine backend has its own token format and its own exception for one it cannot read (the in-memory one an
            // InvalidOperationException, Azure Storage the table service's 400). Reading the first page proves the backend answers,
            // so the caller's token was the cause; when that read fails too, its exception is the backend's and propagates.
            await service.ListAsync(stageFilter, null, 1, cancellationToken);
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["continuationToken"] = ["Not a token this list issued; pass back the continuationToken of the previous page unchanged."],
            });
        }
    }

    /// <summary>POST /api/onboardings/{destinationId}/approval: the customer acted; the workflow checks ARM before believing it.</summary>
    /// <param name="destinationId">The destination id.</param>
    /// <param name="user">The caller, recorded on the timeline.</param>
    /// <param name="service">The onboarding service.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>202, 400, 404, or 409 when not waiting for approval.</returns>
    public static Task<IResult> NotifyApprovalAsync(string destinationId, ClaimsPrincipal user, OnboardingService service, CancellationToken cancellationToken) =>
        CommandAsync(destinationId, user, service, (s, actor, ct) => s.NotifyApprovalAsync(destinationId, "approval-api", actor, ct), cancellationToken);

    /// <summary>POST /api/onboardings/{destinationId}/cancel: stops a running onboarding; its endpoint is deleted.</summary>
    /// <param name="destinationId">The destination id.</param>
    /// <param name="user">The caller, recorded on the timeline.</param>
    /// <param name="service">The onboarding service.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>202, 400, 404, or 409 when nothing is running.</returns>
    public static Task<IResult> CancelAsync(string destinationId, ClaimsPrincipal user, OnboardingService service, CancellationToken cancellationToken) =>
        CommandAsync(destinationId, user, service, (s, actor, ct) => s.CancelAsync(destinationId, "cancel requested through the API", actor, ct), cancellationToken);

    /// <summary>DELETE /api/onboardings/{destinationId}: offboards a destination (deletes its endpoint).</summary>
    /// <param name="destinationId">The destination id.</param>
    /// <param name="user">The caller, recorded on the timeline.</param>
    /// <param name="service">The onboarding service.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>202, 400, 404, or 409 while a workflow runs.</returns>
    public static Task<IResult> OffboardAsync(string destinationId, ClaimsPrincipal user, OnboardingService service, CancellationToken cancellationToken) =>
        CommandAsync(destinationId, user, service, (s, actor, ct) => s.OffboardAsync(destinationId, actor, ct), cancellationToken);

    /// <summary>POST /api/onboardings/{destinationId}/recheck: runs the connectivity check again.</summary>
    /// <param name="destinationId">The destination id.</param>
    /// <param name="user">The caller, recorded on the timeline.</param>
    /// <param name="service">The onboarding service.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>202, 400, 404, or 409 when the destination cannot be re-checked now.</returns>
    public static Task<IResult> RecheckAsync(string destinationId, ClaimsPrincipal user, OnboardingService service, CancellationToken cancellationToken) =>
        CommandAsync(destinationId, user, service, (s, actor, ct) => s.RecheckAsync(destinationId, actor, ct), cancellationToken);

    /// <summary>Runs one command on a destination for an authenticated caller: 400 for a bad id, 401 without a caller, else the command's answer.</summary>
    private static async Task<IResult> CommandAsync(
        string destinationId, ClaimsPrincipal user, OnboardingService service, Func<OnboardingService, Actor, CancellationToken, Task<CommandResult>> command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (InvalidId(destinationId) is { } bad)
        {
            return bad;
        }

        if (CallerActor.FromPrincipal(user) is not { } actor)
        {
            return NoCaller();
        }

        return ToResult(await command(service, actor, cancellationToken), destinationId);
    }

    private static IResult ToResult(CommandResult result, string destinationId) => result.Outcome switch
    {
        CommandOutcome.Accepted => TypedResults.Accepted($"/api/onboardings/{destinationId}"),
        CommandOutcome.NotFound => NotFound(destinationId),
        _ => Conflict(result.Reason!),
    };

    private static IResult? InvalidId(string destinationId) =>
        OnboardingRequestValidator.IsValidDestinationId(destinationId)
            ? null
            : TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["destinationId"] = ["Must be 3 to 63 characters of lower-case letters, digits and '-'."],
            });

    private static ProblemHttpResult NoCaller() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: "The caller is not authenticated or its token has no object id (oid).");

    private static ProblemHttpResult NotFound(string destinationId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No onboarding for destination {destinationId}.");

    private static ProblemHttpResult Conflict(string reason) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: reason);
}
