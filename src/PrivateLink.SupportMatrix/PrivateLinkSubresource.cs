namespace PrivateLink.SupportMatrix;

/// <summary>One Private Link subresource (groupId) of a resource type, with the private DNS zone Microsoft documents for it.</summary>
/// <param name="GroupId">The groupId as the provider spells it.</param>
/// <param name="PrivateDnsZone">
/// The zone name from Microsoft's "Azure Private Endpoint private DNS zone values" table; <c>{dnsPrefix}</c> stands for the label the
/// resource's host name carries after its own name (SQL Managed Instance: <c>mi1.a1b2c3d4e5f6.database.windows.net</c>).
/// </param>
/// <param name="SecondaryOnly">True for the <c>_secondary</c> groupIds a Storage account offers only when read-access geo-redundant.</param>
public sealed record PrivateLinkSubresource(string GroupId, string PrivateDnsZone, bool SecondaryOnly = false);
