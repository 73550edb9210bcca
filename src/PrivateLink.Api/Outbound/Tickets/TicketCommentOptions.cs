using System.ComponentModel.DataAnnotations;
using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Api.Outbound.Tickets;

/// <summary>The text of the status comments posted on tickets: one operator-editable template per stage.</summary>
/// <remarks>
/// Placeholders: <c>{DestinationId}</c>, <c>{TicketId}</c>, <c>{Stage}</c>, <c>{Detail}</c> (what happened, as the status endpoint shows it),
/// <c>{EndpointName}</c>, <c>{PrivateIpAddresses}</c>; an unknown placeholder fails start-up. A line break is <c>\n</c> in JSON settings.
/// An empty template switches that stage's comment off. Stages without a template here (Validating, CheckingConnectivity…) never comment.
/// </remarks>
public sealed class TicketCommentOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Tickets:Comments";

    /// <summary>Gets or sets the comment when the endpoint waits for the customer's approval.</summary>
    /// <value>The default names the endpoint and the way to approve it in the Azure portal.</value>
    public string AwaitingApproval { get; set; } =
        "Private endpoint {EndpointName} was created for {DestinationId} and is waiting for your approval.\n" +
        "To approve it: Azure portal → Private Link Center → Pending connections, select the connection of private endpoint {EndpointName}, then Approve " +
        "(or on the target resource: Networking → Private endpoint connections).\n{Detail}";

    /// <summary>Gets or sets the comment when the destination is ready.</summary>
    /// <value>The default names the endpoint and each port's TLS result.</value>
    public string Ready { get; set; } =
        "{DestinationId} is ready: the connection of private endpoint {EndpointName} is approved and every port answered. TLS result: {Detail}";

    /// <summary>Gets or sets the comment when a port did not answer as required after approval.</summary>
    /// <value>The default gives each port's result and the fix.</value>
    public string ConnectivityFailed { get; set; } =
        "The connection of private endpoint {EndpointName} is approved, but a port did not answer as required: {Detail}\n" +
        "Fix: make sure the destination listens on that port behind the Private Link service and presents a certificate valid for its host name " +
        "(TLS 1.2 or later), then ask for a re-check. The endpoint is kept.";

    /// <summary>Gets or sets the comment when nobody approved the connection in time.</summary>
    /// <value>The default gives the reason and the fix.</value>
    public string ApprovalTimedOut { get; set; } =
        "{Detail}\nFix: submit the request again and approve the pending connection in Azure portal → Private Link Center → Pending connections before the approval timeout.";

    /// <summary>Gets or sets the comment when the customer rejected or removed the connection.</summary>
    /// <value>The default gives the reason and the fix.</value>
    public string Rejected { get; set; } =
        "{Detail}\nFix: if this was not intended, submit the request again and approve (not reject) the pending connection.";

    /// <summary>Gets or sets the comment when a Ready destination's re-probe failed (its connection is still approved).</summary>
    /// <value>The default gives each port's result and says the endpoint is kept and watched.</value>
    public string Degraded { get; set; } =
        "The connection of private endpoint {EndpointName} for {DestinationId} is still approved, but a scheduled re-probe failed: {Detail}\n" +
        "Fix: make sure the destination listens on that port and presents a valid certificate; the service probes again and reports when it is ready again. The endpoint is kept.";

    /// <summary>Gets or sets the comment when the customer removed or rejected the connection of a Ready destination.</summary>
    /// <value>The default gives the reason and the fix.</value>
    public string Disconnected { get; set; } = "{Detail}\nFix: if this was not intended, submit the request again and approve (not reject) the new pending connection.";

    /// <summary>Gets or sets the comment when the endpoint of a Ready destination was deleted outside this service.</summary>
    /// <value>The default gives the reason and the fix.</value>
    public string EndpointMissing { get; set; } = "{Detail}\nFix: submit the request again; the service creates a new private endpoint and asks for approval once more.";

    /// <summary>Gets or sets the comment when the target resource is not usable.</summary>
    /// <value>The default gives the reason and the fix.</value>
    public string ValidationFailed { get; set; } =
        "The onboarding of {DestinationId} could not start: {Detail}\nFix: correct the target resource ID, destination type or group in the ticket and submit again.";

    /// <summary>Gets or sets the comment when an operator cancelled the onboarding.</summary>
    /// <value>The default gives the reason.</value>
    public string Cancelled { get; set; } = "The onboarding of {DestinationId} was cancelled: {Detail}";

    /// <summary>Gets or sets the comment when an unexpected error stopped the onboarding.</summary>
    /// <value>The default gives the reason and the fix.</value>
    public string Failed { get; set; } =
        "The onboarding of {DestinationId} failed: {Detail}\nFix: submit the request again; if it fails the same way, contact the platform team and quote this ticket.";

    /// <summary>Gets or sets the comment when the destination was offboarded.</summary>
    /// <value>The default names the deleted endpoint.</value>
    public string Offboarded { get; set; } = "{DestinationId} was offboarded: {Detail}";

    /// <summary>Gets or sets the comment when a webhook from this ticket could not be mapped to a request (<c>{Detail}</c> lists each field and what is wrong).</summary>
    /// <value>The default lists the fields and the fix.</value>
    public string MappingFailed { get; set; } =
        "This ticket could not start a Private Link onboarding; these fields are missing or wrong:\n{Detail}\n" +
        "Fix: correct the ticket fields named above, then submit the ticket again.";

    /// <summary>Gets or sets how long a posted comment is remembered, so that a replayed publication does not post it twice.</summary>
    /// <value>The default is 7 days.</value>
    [Range(typeof(TimeSpan), "01:00:00", "90.00:00:00")]
    public TimeSpan RememberPostedFor { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Gets or sets how long one call to the ticket system may take before it counts as a (retried) network failure.</summary>
    /// <value>The default is 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the template of a stage.</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>The template; null or empty when the stage posts no comment.</returns>
    public string? TemplateFor(OnboardingStage stage) => stage switch
    {
        OnboardingStage.AwaitingApproval => AwaitingApproval,
        OnboardingStage.Ready => Ready,
        OnboardingStage.ConnectivityFailed => ConnectivityFailed,
        OnboardingStage.ApprovalTimedOut => ApprovalTimedOut,
        OnboardingStage.Rejected => Rejected,
        OnboardingStage.ValidationFailed => ValidationFailed,
        OnboardingStage.Cancelled => Cancelled,
        OnboardingStage.Failed => Failed,
        OnboardingStage.Offboarded => Offboarded,
        OnboardingStage.Degraded => Degraded,
        OnboardingStage.Disconnected => Disconnected,
        OnboardingStage.EndpointMissing => EndpointMissing,
        _ => null,
    };

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach ((string name, string? template) in new[]
        {
            (nameof(AwaitingApproval), AwaitingApproval), (nameof(Ready), Ready), (nameof(ConnectivityFailed), ConnectivityFailed),
            (nameof(ApprovalTimedOut), ApprovalTimedOut), (nameof(Rejected), Rejected), (nameof(ValidationFailed), ValidationFailed),
            (nameof(Cancelled), Cancelled), (nameof(Failed), Failed), (nameof(Offboarded), Offboarded), (nameof(MappingFailed), MappingFailed),
            (nameof(Degraded), Degraded), (nameof(Disconnected), Disconnected), (nameof(EndpointMissing), EndpointMissing),
        })
        {
            if (CommentTemplate.UnknownPlaceholders(template).FirstOrDefault() is { } unknown)
            {
                yield return new ValidationResult(
                    $"Template {name} uses the unknown placeholder {{{unknown}}}; known: {string.Join(", ", CommentTemplate.Placeholders.Select(p => $"{{{p}}}"))}.",
                    [name]);
            }
            else if (template?.Length > CommentTemplate.MaxTemplateLength)
            {
                yield return new ValidationResult($"Template {name} is longer than {CommentTemplate.MaxTemplateLength} characters.", [name]);
            }
        }
    }
}
