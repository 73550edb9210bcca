namespace PrivateLink.ArmEmulator;

/// <summary>Everything the emulator holds; every member is used under <see cref="Gate"/>.</summary>
internal sealed class EmulatorState
{
    private int nextIpHost = 4;

    public EmulatorState(ArmEmulatorOptions options)
    {
        Options = options;
    }

    public ArmEmulatorOptions Options { get; }

    public Lock Gate { get; } = new();

    public Dictionary<string, EmulatedTarget> Targets { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, EmulatedPrivateEndpoint> Endpoints { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, int> CreatedCounts { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, EmulatedOperation> Operations { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<ArmFaultRule> Faults { get; } = [];

    public List<ArmJournalEntry> Journal { get; } = [];

    public Random Random { get; } = new(20240501);

    public string AllocateIp()
    {
        if (Options.PrivateIpAddress is { Length: > 0 } fixedIp)
        {
            return fixedIp;
        }

        int host = nextIpHost++;
        return $"10.0.{host / 256}.{host % 256}";
    }

    public IEnumerable<EmulatedPrivateEndpoint> ConnectionsOf(EmulatedTarget target) =>
        Endpoints.Values
            .Where(pe => string.Equals(pe.PrivateLinkServiceId, target.Id, StringComparison.OrdinalIgnoreCase) && pe.ConnectionStatus != "Disconnected")
            .OrderBy(pe => pe.Name, StringComparer.Ordinal);

    public EmulatedPrivateEndpoint? FindEndpointByName(string name) =>
        Endpoints.Values.FirstOrDefault(pe => string.Equals(pe.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Applies a customer's decision; returns an ARM error code when the transition is not allowed.</summary>
    public string? Decide(EmulatedPrivateEndpoint pe, string status, string? description)
    {
        if (status is not ("Approved" or "Rejected"))
        {
            return "IncorrectPrivateLinkServiceConnectionStateStatus";
        }

        if (pe.ConnectionStatus is "Rejected" or "Disconnected" && status == "Approved")
        {
            return "PrivateEndpointConnectionStatusNotPending";
        }

        pe.ConnectionStatus = status;
        pe.ConnectionDescription = description ?? (status == "Approved" ? "Approved by the emulated customer" : "Rejected by the emulated customer");
        return null;
    }

    public static void Disconnect(EmulatedPrivateEndpoint pe, string? description)
    {
        pe.ConnectionStatus = "Disconnected";
        pe.ConnectionDescription = description ?? "The connection was removed by the resource owner.";
    }
}
