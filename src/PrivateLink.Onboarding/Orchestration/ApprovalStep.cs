using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivateLink.Arm;
using PrivateLink.Onboarding.Activities;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Notifications;
using PrivateLink.SupportMatrix;

namespace PrivateLink.Onboarding.Orchestration;

/// <summary>The reminders of one approval wait: a durable timer per offset before the deadline, each reminder published once (event and ticket comment).</summary>
/// <remarks>
/// Deterministic: the offsets come from an activity's recorded result, the times from the orchestration clock, and each reminder's
/// event id is fixed by its offset, so a replayed publication is dropped by the sinks' idempotency. The timer of the next reminder is
/// cancelled when the wait ends first.
/// </remarks>
internal sealed class ApprovalReminders
{
    private static readonly Task Never = new TaskCompletionSource().Task;
    private readonly TaskOrchestrationContext _context;
    private readonly OnboardDestinationInput _input;
    private readonly DateTime _deadline;
    private readonly Queue<TimeSpan> _offsets;
    private CancellationTokenSource? _timerCts;
    private TimeSpan _pending;

    private ApprovalReminders(TaskOrchestrationContext context, OnboardDestinationInput input, DateTime deadline, IEnumerable<TimeSpan> offsets)
    {
        _context = context;
        _input = input;
        _deadline = deadline;
        // Offsets already past (a short timeout) are skipped rather than sent at once.
        _offsets = new Queue<TimeSpan>(offsets.Where(o => deadline - o > context.CurrentUtcDateTime).OrderDescending());
        Next = Schedule();
    }

    /// <summary>Gets the timer of the next reminder; a task that never completes when none is left.</summary>
    public Task Next { get; private set; }

    /// <summary>Reads the configured offsets and schedules the first reminder.</summary>
    public static async Task<ApprovalReminders> StartAsync(TaskOrchestrationContext context, OnboardDestinationInput input, DateTime deadline)
    {
        TimeSpan[] offsets = await context.CallActivityAsync<TimeSpan[]>(nameof(GetApprovalRemindersActivity), input, RetryPolicies.Notify);
        return new ApprovalReminders(context, input, deadline, offsets);
    }

    /// <summary>Publishes the reminder whose timer fired and schedules the next one.</summary>
    public async Task SendAsync(StatusTracker status)
    {
        TimeSpan offset = _pending;
        _timerCts?.Dispose();
        _timerCts = null;
        // A data lake's two endpoints are approved one by one: the reminder names those still waiting.
        string waiting = status.Endpoints?.Where(e => e.Endpoint?.ConnectionStatus != ConnectionStatus.Approved).ToArray() is { Length: > 0 } pending
            ? DestinationEndpoints.Names(pending)
            : _input.EndpointName;
        string detail = $"Reminder: the connection request of private endpoint {waiting} still waits for approval; it is deleted at {_deadline:u} (in {offset}). {status.Detail}";
        var reminder = new DestinationEvent(
            string.Create(CultureInfo.InvariantCulture, $"{_input.DestinationId}:{OnboardingStage.AwaitingApproval}:{status.EnteredAtUtc.Ticks}:reminder:{offset.Ticks}"),
            _input.DestinationId,
            _input.TicketId,
            OnboardingStage.AwaitingApproval,
            detail,
            _context.CurrentUtcDateTime,
            _input.CallbackUrl,
            status.Current.Endpoint,
            null)
        {
            DestinationType = _input.DestinationType.ToString(),
            Endpoints = status.Endpoints,
        };
        ILogger logger = _context.CreateReplaySafeLogger<ApprovalReminders>();
        try
        {
            await _context.CallActivityAsync<int>(nameof(PublishDestinationEventActivity), reminder, RetryPolicies.Notify);
            HealthLog.ApprovalReminderSent(logger, _context.InstanceId, _input.DestinationId, offset);
        }
        catch (TaskFailedException ex)
        {
            // A reminder that cannot be delivered does not change the wait.
            HealthLog.ApprovalReminderFailed(logger, _context.InstanceId, _input.DestinationId, offset, ex.FailureDetails.ErrorMessage);
        }

        Next = Schedule();
    }

    /// <summary>Cancels the pending reminder's timer (the wait ended first).</summary>
    public void Cancel()
    {
        if (_timerCts is not null && !Next.IsCompleted)
        {
            _timerCts.Cancel();
        }

        _timerCts?.Dispose();
        _timerCts = null;
    }

    private Task Schedule()
    {
        if (!_offsets.TryDequeue(out TimeSpan offset))
        {
            return Never;
        }

        _pending = offset;
        _timerCts = new CancellationTokenSource();
        return _context.CreateTimer(_deadline - offset, _timerCts.Token);
    }
}

/// <summary>
/// The customer's approval step, with the real ids: a portal link to the target's private endpoint connections, the Azure CLI and
/// PowerShell commands that find and approve exactly this endpoint's connection, and for Snowflake its own authorisation function.
/// </summary>
/// <remarks>
/// Goes into the AwaitingApproval detail, so the destination event, the ticket comment (<c>{Detail}</c>), the status API and the
/// console all carry it. The connection's name on the target differs per provider (<c>{account}.{guid}</c>, the endpoint's name, a
/// bare GUID), so the commands select it by this endpoint's resource ID instead of guessing it. Nothing here is a secret: the ids are
/// ARM resource ids, already in the status.
/// </remarks>
internal static class ApprovalInstructions
{
    /// <summary>The Azure portal's Private Link Center, pending connections.</summary>
    internal const string PendingConnectionsUrl = "https://portal.azure.com/#view/Microsoft_Azure_Network/PrivateLinkCenterBlade/~/pendingconnections";

    /// <summary>Builds the steps for one destination.</summary>
    /// <param name="input">The request (target, type).</param>
    /// <param name="endpoints">The created endpoints, each with its resource ID.</param>
    /// <returns>The steps, one per line.</returns>
    public static string For(OnboardDestinationInput input, IReadOnlyList<DestinationEndpoint> endpoints)
    {
        var text = new StringBuilder();
        string[] ids = endpoints.Select(e => e.Endpoint?.ResourceId ?? e.Name).ToArray();
        string target = input.TargetResourceId;
        if (input.DestinationType == DestinationType.Snowflake)
        {
            // Snowflake owns the Private Link Service; its account administrator authorises the endpoint from Snowflake itself.
            text.Append("Approval steps (Snowflake): a Snowflake account administrator runs, for each endpoint: USE ROLE ACCOUNTADMIN; ");
            text.AppendJoin(' ', ids.Select(id => $"SELECT SYSTEM$AUTHORIZE_PRIVATELINK('{id}', '<federated token>');"));
            text.Append(" The federated token is an access token for the endpoint's subscription (az account get-access-token --subscription ")
                .Append(SubscriptionOf(ids[0]) ?? "<subscription>")
                .Append("); the platform team hands it over outside the ticket, never in it. Check with SYSTEM$GET_PRIVATELINK_AUTHORIZED_ENDPOINTS().");
            return text.ToString();
        }

        if (!target.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase))
        {
            // A Private Link Service known only by its alias: its owner approves it; we cannot name their resource.
            text.Append("Approval steps: the owner of the Private Link Service with alias ").Append(target)
                .Append(" approves the connection of ").AppendJoin(" and ", ids)
                .Append(": Azure portal, Private Link Center, Pending connections (").Append(PendingConnectionsUrl).Append(')');
            text.Append("; or az network private-endpoint-connection list --id <their Private Link Service ID>, then approve --id <that connection's id>.");
            return text.ToString();
        }

        text.Append("Approval steps on ").Append(target).Append(": Azure portal https://portal.azure.com/#@/resource").Append(target)
            .Append(" (Networking or Security + networking, Private endpoint connections), or Private Link Center, Pending connections (")
            .Append(PendingConnectionsUrl).Append(").");
        foreach (string id in ids)
        {
            text.Append(" Azure CLI: az network private-endpoint-connection approve --description \"Approved\" --id $(az network private-endpoint-connection list --id ")
                .Append(target).Append(" --query \"[?properties.privateEndpoint.id=='").Append(id).Append("'].id\" -o tsv).");
            text.Append(" PowerShell: Get-AzPrivateEndpointConnection -PrivateLinkResourceId '").Append(target)
                .Append("' | Where-Object { $_.PrivateEndpoint.Id -eq '").Append(id)
                .Append("' } | ForEach-Object { Approve-AzPrivateEndpointConnection -ResourceId $_.Id -Description 'Approved' }.");
        }

        return text.ToString();
    }

    private static string? SubscriptionOf(string resourceId)
    {
        string[] segments = resourceId.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length > 1 && segments[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase) ? segments[1] : null;
    }
}

/// <summary>Reads the configured reminder offsets once per onboarding, so the orchestrator's timers come from its history (deterministic on replay).</summary>
/// <param name="options">The reminder options.</param>
public sealed class GetApprovalRemindersActivity(IOptions<ApprovalReminderOptions> options) : TaskActivity<OnboardDestinationInput, TimeSpan[]>
{
    /// <inheritdoc/>
    /// <param name="context">The activity context.</param>
    /// <param name="input">The onboarding: only offsets shorter than its approval timeout are returned.</param>
    public override Task<TimeSpan[]> RunAsync(TaskActivityContext context, OnboardDestinationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Task.FromResult(options.Value.Parse().Where(o => o < input.ApprovalTimeout).ToArray());
    }
}

/// <summary>When the customer is reminded of a pending approval: offsets before the approval deadline.</summary>
public sealed class ApprovalReminderOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "ApprovalReminders";

    /// <summary>Gets or sets the offsets before the deadline, <c>;</c>-separated TimeSpans (e.g. <c>3.00:00:00;1.00:00:00;01:00:00</c>); empty for none.</summary>
    /// <value>The default is 3 days, 1 day and 1 hour. An offset not shorter than the request's approval timeout is skipped.</value>
    public string Offsets { get; set; } = "3.00:00:00;1.00:00:00;01:00:00";

    /// <summary>Parses <see cref="Offsets"/>, longest first, without duplicates.</summary>
    /// <returns>The offsets.</returns>
    public TimeSpan[] Parse() =>
        [.. Offsets.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(o => TimeSpan.Parse(o, CultureInfo.InvariantCulture))
            .Distinct()
            .OrderDescending()];

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (string offset in Offsets.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TimeSpan.TryParse(offset, CultureInfo.InvariantCulture, out TimeSpan parsed) || parsed <= TimeSpan.Zero)
            {
                yield return new ValidationResult($"ApprovalReminders:Offsets: '{offset}' is not a positive TimeSpan (e.g. 1.00:00:00 for a day).", [nameof(Offsets)]);
            }
        }
    }
}
