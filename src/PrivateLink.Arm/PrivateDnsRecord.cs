namespace PrivateLink.Arm;

/// <summary>One A record in a private DNS zone: the name clients resolve and the private addresses it answers.</summary>
/// <param name="Fqdn">The fully qualified name (no trailing dot).</param>
/// <param name="IpAddresses">The addresses.</param>
/// <param name="Zone">The private DNS zone the record is in.</param>
/// <param name="RecordSetName">The record set's name relative to the zone.</param>
public sealed record PrivateDnsRecord(string Fqdn, IReadOnlyList<string> IpAddresses, string Zone, string RecordSetName);
