using System.Globalization;
using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace PrivateLink.Connectivity.NameResolution;

/// <summary>
/// Asks configured DNS servers directly (DnsClient, no cache, so a record just added or removed is seen at once): for a service
/// whose own host does not resolve names the way the connectors' network does (for example the VNet's DNS forwarder or a
/// private resolver's inbound endpoint). Reports the CNAME chain and tells NXDOMAIN apart from a failed lookup.
/// </summary>
internal sealed class DnsServerHostNameResolver : IHostNameResolver
{
    private readonly LookupClient client;

    /// <summary>Initializes a new instance of the <see cref="DnsServerHostNameResolver"/> class.</summary>
    /// <param name="servers">The servers, asked in order.</param>
    /// <param name="timeout">How long one query may take.</param>
    public DnsServerHostNameResolver(IReadOnlyList<IPEndPoint> servers, TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfZero(servers.Count);
        Description = string.Join(", ", servers.Select(s => s.ToString()));
        client = new LookupClient(new LookupClientOptions(servers.Select(s => new NameServer(s)).ToArray())
        {
            UseCache = false,
            Timeout = timeout,
            Retries = 0,
            UseTcpFallback = true,
            ThrowDnsErrors = false,
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,
        });
    }

    /// <inheritdoc/>
    public string Description { get; }

    /// <inheritdoc/>
    public async Task<NameResolutionResult> LookupAsync(NameResolutionCheck check, CancellationToken cancellationToken)
    {
        try
        {
            IDnsQueryResponse v4 = await client.QueryAsync(check.HostName, QueryType.A, QueryClass.IN, cancellationToken).ConfigureAwait(false);
            if (v4.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain)
            {
                return check.NotFound("NXDOMAIN", Aliases(v4));
            }

            if (v4.HasError)
            {
                return check.Failed(Describe(v4));
            }

            IDnsQueryResponse v6 = await client.QueryAsync(check.HostName, QueryType.AAAA, QueryClass.IN, cancellationToken).ConfigureAwait(false);
            List<IPAddress> addresses = [.. v4.Answers.ARecords().Select(a => a.Address)];
            if (!v6.HasError)
            {
                addresses.AddRange(v6.Answers.AaaaRecords().Select(a => a.Address));
            }

            return addresses.Count > 0
                ? check.Found(addresses, Aliases(v4))
                : check.NotFound("no A or AAAA record", Aliases(v4));
        }
        catch (DnsResponseException ex)
        {
            return check.Failed(ex.Message);
        }
    }

    private static string Describe(IDnsQueryResponse response) =>
        string.Create(CultureInfo.InvariantCulture, $"{response.Header.ResponseCode} from {response.NameServer}: {response.ErrorMessage}");

    private static IReadOnlyList<string> Aliases(IDnsQueryResponse response) =>
        response.Answers.CnameRecords().Select(c => c.CanonicalName.Value.TrimEnd('.')).ToArray();
}
