namespace PrivateLink.ArmEmulator;

/// <summary>Everything the emulator holds; every member is used under <see cref="Gate"/>.</summary>
internal sealed class EmulatorState
{
    private int nextIpHost = 4;

    public EmulatorState(ArmEmulatorOptions options, TimeProvider timeProvider)
    {
        Options = options;
        TimeProvider = timeProvider;
    }

    public ArmEmulatorOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    public Lock Gate { get; } = new();

    public Dictionary<string, EmulatedTarget> Targets { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, EmulatedPrivateEndpoint> Endpoints { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, int> CreatedCounts { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, EmulatedOperation> Operations { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<ArmFaultRule> Faults { get; } = [];

    /// <summary>Gets the private DNS zones created so far, by lower-case zone resource id: record set name → IPv4 addresses.</summary>
    public Dictionary<string, Dictionary<string, List<string>>> DnsZones { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets each endpoint's <c>privateDnsZoneGroups</c> child, by endpoint id.</summary>
    public Dictionary<string, EmulatedZoneGroup> ZoneGroups { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets resource groups that exist though nothing was seeded in them (the service's own).</summary>
    public HashSet<string> ResourceGroups { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<ArmJournalEntry> Journal { get; } = [];

    public Random Random { get; } = new(20240501);

    public DateTimeOffset Now => TimeProvider.GetUtcNow();

    public string AllocateIp()
    {
        if (Options.PrivateIpAddress is { Length: > 0 } fixedIp)
        {
            return fixedIp;
        }

        int host = nextIpHost++;
        return $"10.0.{host / 256}.{host % 256}";
    }

    /// <summary>Applies everything whose time has come: operations that ran their duration, decisions that became visible.</summary>
    public void Tick()
    {
        DateTimeOffset now = Now;
        foreach (EmulatedOperation operation in Operations.Values)
        {
            if (operation.Status == "InProgress" && now >= operation.DueAt && operation.PollsLeft <= 0)
            {
                operation.Status = operation.Fails ? (operation.ErrorCode == "Canceled" ? "Canceled" : "Failed") : "Succeeded";
                // Evaluated lazily: an operation that nobody polled ended at its due time, not at this request.
                operation.Complete(Options.PollsUntilTerminal > 0 ? now : operation.DueAt);
            }
        }

        foreach (EmulatedPrivateEndpoint pe in Endpoints.Values)
        {
            if (pe.PendingDecision is { } decision && now >= decision.VisibleAt)
            {
                pe.PendingDecision = null;
                Apply(pe, decision.Status, decision.Description, decision.VisibleAt);
            }

            if (pe.ProviderState == "Approving" && now >= pe.ProviderReadyAt)
            {
                pe.ProviderState = "Ready";
            }
        }
    }

    public EmulatedTarget? FindTarget(string idOrAlias)
    {
        if (Targets.TryGetValue(idOrAlias, out EmulatedTarget? target))
        {
            return target;
        }

        return Targets.Values.FirstOrDefault(t => t.Alias is not null && string.Equals(t.Alias, idOrAlias, StringComparison.OrdinalIgnoreCase));
    }

    public IEnumerable<EmulatedPrivateEndpoint> ConnectionsOf(EmulatedTarget target) =>
        Endpoints.Values
            .Where(pe => string.Equals(pe.TargetId, target.Id, StringComparison.OrdinalIgnoreCase) && pe.ConnectionStatus != "Disconnected")
            .OrderBy(pe => pe.Name, StringComparer.Ordinal);

    public EmulatedPrivateEndpoint? FindEndpointByName(string name) =>
        Endpoints.Values.FirstOrDefault(pe => string.Equals(pe.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Applies a customer's decision (visible after the provider's lag); returns an ARM error code when the transition is refused.</summary>
    /// <remarks>
    /// Rejected is terminal: approve-after-reject is refused with <c>PrivateEndpointConnectionStatusNotPending</c>. PostgreSQL refuses
    /// every change of a connection that is not Pending (as recorded); the others accept re-approval and a reject of an approved one.
    /// </remarks>
    public string? Decide(EmulatedPrivateEndpoint pe, string status, string? description)
    {
        if (status is not ("Approved" or "Rejected"))
        {
            return "IncorrectPrivateLinkServiceConnectionStateStatus";
        }

        string latest = pe.LatestStatus;
        if ((latest is "Rejected" or "Disconnected" && status == "Approved")
            || (pe.Provider == ProviderKind.PostgreSql && latest != "Pending"))
        {
            return "PrivateEndpointConnectionStatusNotPending";
        }

        TimeSpan lag = pe.Provider == ProviderKind.CosmosDb ? Options.CosmosDbConnectionStateLag : Options.ConnectionStateLag;
        DateTimeOffset now = Now;
        if (pe.Provider == ProviderKind.PostgreSql)
        {
            // PostgreSQL shows the new status at once while its own provisioning state says Approving for a while.
            pe.ProviderState = status == "Approved" ? "Approving" : "Ready";
            pe.ProviderReadyAt = now + Options.PostgreSqlApprovingDuration;
            lag = TimeSpan.Zero;
        }

        if (pe.Provider == ProviderKind.Synapse && status == "Rejected" && latest != "Rejected")
        {
            // Synapse answers a reject 201 Provisioning, and its connection stays Provisioning for a while.
            pe.ProviderState = "Provisioning";
        }

        if (lag <= TimeSpan.Zero)
        {
            pe.PendingDecision = null;
            Apply(pe, status, description, now);
        }
        else
        {
            pe.PendingDecision = (status, description, now + lag);
        }

        return null;
    }

    public static void Disconnect(EmulatedPrivateEndpoint pe, string? description)
    {
        pe.PendingDecision = null;
        pe.ConnectionStatus = "Disconnected";
        pe.ConnectionDescription = description ?? "The connection was removed by the resource owner.";
        pe.DnsConfigsFrom = null;
    }

    private void Apply(EmulatedPrivateEndpoint pe, string status, string? description, DateTimeOffset now)
    {
        pe.ConnectionStatus = status;
        pe.ConnectionDescription = description ?? string.Empty;
        pe.DnsConfigsFrom = status == "Approved" && !pe.IsPrivateLinkService ? now + Options.DnsConfigLagAfterApproval : null;
    }
}
