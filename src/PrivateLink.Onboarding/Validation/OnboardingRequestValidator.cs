using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using System.Xml;
using Azure.Core;
using PrivateLink.Arm;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Notifications;
using PrivateLink.SupportMatrix;

namespace PrivateLink.Onboarding.Validation;

/// <summary>Validates an onboarding request against the API's contract (README, "HTTP API") and the destination matrix, reporting every violation together.</summary>
public static partial class OnboardingRequestValidator
{
    /// <summary>The shortest approval timeout accepted.</summary>
    public static readonly TimeSpan MinApprovalTimeout = TimeSpan.FromHours(1);

    /// <summary>The longest approval timeout accepted.</summary>
    public static readonly TimeSpan MaxApprovalTimeout = TimeSpan.FromDays(30);

    /// <summary>The approval timeout used when the request names none: 7 days.</summary>
    public static readonly TimeSpan DefaultApprovalTimeout = TimeSpan.FromDays(7);

    /// <summary>The most port mappings one destination may list (keeps the fan-out and the custom status bounded).</summary>
    public const int MaxPorts = 16;

    /// <summary>The longest ticket id accepted.</summary>
    public const int MaxTicketIdLength = 64;

    /// <summary>Validates a request.</summary>
    /// <param name="request">The request as sent.</param>
    /// <param name="errors">Every violation, keyed by JSON path; empty when the request is valid.</param>
    /// <param name="callbacks">Where callbacks may go (<see cref="CallbackOptions.Policy"/>); null means callbacks are off, so any <c>callbackUrl</c> is refused.</param>
    /// <returns>The validated orchestration input, or null when there was any error.</returns>
    public static OnboardDestinationInput? Validate(OnboardingRequest? request, out ValidationErrors errors, CallbackPolicy? callbacks = null)
    {
        errors = new ValidationErrors();
        if (request is null)
        {
            errors.Add("$", "The request body must be a JSON object.");
            return null;
        }

        string? destinationId = ValidateDestinationId(request.DestinationId, errors);
        DestinationProfile? profile = ValidateDestinationType(request.DestinationType, errors);
        string? targetResourceId = ValidateTargetResourceId(request.TargetResourceId, profile, errors);
        string? groupId = ValidateGroupId(request.GroupId, profile, errors);
        string? hostName = ValidateHostName(request.HostName, errors);
        List<PortMapping>? ports = ValidatePorts(request.Ports, profile, groupId, errors);
        string? ticketId = ValidateTicketId(request.TicketId, errors);
        TimeSpan approvalTimeout = ValidateApprovalTimeout(request.ApprovalTimeout, errors);
        string? callbackUrl = ValidateCallbackUrl(request.CallbackUrl, callbacks ?? CallbackPolicy.Disabled, errors);
        string? caPem = ValidateCaCertificates(request.TrustedCaCertificatesPem, errors);
        string? pin = ValidatePin(request.PinnedCertificateSha256, errors);

        if (!errors.IsEmpty)
        {
            return null;
        }

        return new OnboardDestinationInput(
            destinationId!,
            profile!.Type,
            targetResourceId!,
            groupId,
            hostName!,
            ports!,
            request.RequireTls ?? true,
            ticketId,
            approvalTimeout,
            callbackUrl,
            caPem,
            pin)
        {
            StrictNameResolution = request.StrictNameResolution ?? false,
        };
    }

    /// <summary>Tells whether a destination id is well formed (<c>[a-z0-9-]{3,63}</c>).</summary>
    /// <param name="destinationId">The id.</param>
    /// <returns>True when well formed.</returns>
    public static bool IsValidDestinationId(string? destinationId) =>
        destinationId is not null && DestinationIdPattern().IsMatch(destinationId);

    private static string? ValidateDestinationId(string? value, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Add("destinationId", "Required.");
            return null;
        }

        if (!IsValidDestinationId(value))
        {
            errors.Add("destinationId", "Must be 3 to 63 characters of lower-case letters, digits and '-'.");
            return null;
        }

        return value;
    }

    private static DestinationProfile? ValidateDestinationType(string? value, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Add("destinationType", "Required.");
            return null;
        }

        // Enum.TryParse also accepts numbers and comma lists; only an exact name is a destination type.
        DestinationType? type = Enum.GetValues<DestinationType>()
            .Cast<DestinationType?>()
            .FirstOrDefault(t => string.Equals(t.ToString(), value, StringComparison.OrdinalIgnoreCase));
        if (type is null)
        {
            errors.Add("destinationType", $"Unknown destination type '{value}'. Expected one of: {string.Join(", ", Enum.GetNames<DestinationType>())}.");
            return null;
        }

        return DestinationCatalog.Get(type.Value);
    }

    private static string? ValidateTargetResourceId(string? value, DestinationProfile? profile, ValidationErrors errors)
    {
        const string Path = "targetResourceId";
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(Path, "Required.");
            return null;
        }

        if (profile?.TargetsPrivateLinkService == true && PrivateLinkServiceAlias.IsAlias(value))
        {
            // A Private Link Service may be named by its alias (Snowflake publishes only that); ARM accepts it in a manual connection.
            return value.ToLowerInvariant();
        }

        if (!ResourceIdentifier.TryParse(value, out ResourceIdentifier? id) || id is null)
        {
            errors.Add(Path, (profile?.TargetsPrivateLinkService == true ? "Neither a Private Link Service alias ({prefix}.{guid}.{region}.azure.privatelinkservice) nor an ARM resource ID" : "Not an ARM resource ID") + " (expected /subscriptions/{GUID}/resourceGroups/{name}/providers/{namespace}/{type}/{name}; the subscription id must be a GUID).");
            return null;
        }

        if (id.SubscriptionId is null || !Guid.TryParse(id.SubscriptionId, out _))
        {
            errors.Add(Path, "The subscription id must be a GUID.");
            return null;
        }

        if (id.ResourceGroupName is null || !string.Equals(id.Parent?.ResourceType.ToString(), "Microsoft.Resources/resourceGroups", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(Path, "Must name a top-level resource inside a resource group.");
            return null;
        }

        string resourceType = id.ResourceType.ToString();
        if (profile is not null && profile.RefusedResourceTypes.TryGetValue(resourceType, out string? refusal))
        {
            errors.Add(Path, refusal);
            return null;
        }

        if (profile is not null && !profile.ResourceTypes.Contains(resourceType, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add(Path, $"A {profile.Type} destination must name a resource of type {string.Join(" or ", profile.ResourceTypes)}, not {resourceType}.");
            return null;
        }

        return id.ToString();
    }

    private static string? ValidateGroupId(string? value, DestinationProfile? profile, ValidationErrors errors)
    {
        if (value is null || profile is null)
        {
            return null;
        }

        if (profile.TargetsPrivateLinkService)
        {
            errors.Add("groupId", $"A {profile.Type} destination connects to a Private Link Service, which has no groupId; omit the field.");
            return null;
        }

        string? canonical = DestinationCatalog.CanonicalGroupId(profile, value);
        if (canonical is null)
        {
            errors.Add("groupId", $"Unsupported groupId '{value}' for {profile.Type}. Expected one of: {string.Join(", ", profile.GroupIds)}.");
        }

        return canonical;
    }

    private static string? ValidateHostName(string? value, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Add("hostName", "Required.");
            return null;
        }

        if (value.Length > 253 || Uri.CheckHostName(value) is not (UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6))
        {
            errors.Add("hostName", "Must be a DNS host name (at most 253 characters) or an IP address.");
            return null;
        }

        return value.ToLowerInvariant();
    }

    private static List<PortMapping>? ValidatePorts(List<PortMappingRequest?>? value, DestinationProfile? profile, string? groupId, ValidationErrors errors)
    {
        bool vmHosted = profile?.Hosting == DestinationHosting.VmHosted;
        if (value is null || value.Count == 0)
        {
            if (vmHosted)
            {
                errors.Add("ports", "Required for a VM-hosted destination: list every port of the Private Link Service with the destination IP it forwards to.");
                return null;
            }

            return profile is null ? null : [new PortMapping(profile.DefaultPortFor(groupId), null)];
        }

        if (value.Count > MaxPorts)
        {
            errors.Add("ports", $"At most {MaxPorts} port mappings are accepted; {value.Count} were sent.");
            return null;
        }

        List<PortMapping> result = [];
        HashSet<int> seen = [];
        for (int i = 0; i < value.Count; i++)
        {
            string path = $"ports[{i}]";
            PortMappingRequest? entry = value[i];
            if (entry is null)
            {
                errors.Add(path, "Must be an object with 'port'.");
                continue;
            }

            if (entry.Port is null)
            {
                errors.Add($"{path}.port", "Required.");
            }
            else if (entry.Port is < 1 or > 65535)
            {
                errors.Add($"{path}.port", $"Must be between 1 and 65535; got {entry.Port}.");
            }
            else if (!seen.Add(entry.Port.Value))
            {
                errors.Add($"{path}.port", $"Port {entry.Port} is listed twice.");
            }

            string? ip = null;
            if (vmHosted)
            {
                if (string.IsNullOrEmpty(entry.DestinationIp))
                {
                    errors.Add($"{path}.destinationIp", "Required for a VM-hosted destination: the IP the Private Link Service forwards this port to.");
                }
                else if (!IPAddress.TryParse(entry.DestinationIp, out IPAddress? address) || address.ToString() != entry.DestinationIp)
                {
                    errors.Add($"{path}.destinationIp", $"Not an IP address: '{entry.DestinationIp}'.");
                }
                else
                {
                    ip = address.ToString();
                }
            }
            else if (entry.DestinationIp is not null && profile is not null)
            {
                errors.Add($"{path}.destinationIp", $"Only VM-hosted destinations forward to a destination IP; omit it for {profile.Type}.");
            }

            if (entry.Port is >= 1 and <= 65535)
            {
                result.Add(new PortMapping(entry.Port.Value, ip));
            }
        }

        return result;
    }

    private static string? ValidateTicketId(string? value, ValidationErrors errors)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length is 0 or > MaxTicketIdLength || !TicketIdPattern().IsMatch(value))
        {
            errors.Add("ticketId", $"Must be 1 to {MaxTicketIdLength} characters of letters, digits, '.', '_', '-' or '#'.");
            return null;
        }

        return value;
    }

    private static TimeSpan ValidateApprovalTimeout(string? value, ValidationErrors errors)
    {
        if (value is null)
        {
            return DefaultApprovalTimeout;
        }

        TimeSpan timeout;
        try
        {
            timeout = XmlConvert.ToTimeSpan(value);
        }
        catch (FormatException)
        {
            errors.Add("approvalTimeout", $"Not an ISO-8601 duration: '{value}' (for example P7D or PT12H).");
            return default;
        }
        catch (OverflowException)
        {
            errors.Add("approvalTimeout", $"Out of range: '{value}'.");
            return default;
        }

        if (timeout < MinApprovalTimeout || timeout > MaxApprovalTimeout)
        {
            errors.Add("approvalTimeout", $"Must be between PT1H and P30D; got {value}.");
        }

        return timeout;
    }

    private static string? ValidateCallbackUrl(string? value, CallbackPolicy policy, ValidationErrors errors)
    {
        if (value is null)
        {
            return null;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("https" or "http"))
        {
            errors.Add("callbackUrl", "Must be an absolute https URL.");
            return null;
        }

        if (!policy.IsSchemeAllowed(uri.Scheme))
        {
            errors.Add("callbackUrl", "Must use https.");
            return null;
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            // The request is stored in durable history in clear: a credential in the URL would leak.
            errors.Add("callbackUrl", "Must not carry credentials (user info); the callback is authenticated by signature.");
            return null;
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            // A query string is where capability tokens go; the request is stored in clear and shown by the status API.
            errors.Add("callbackUrl", "Must not have a query string or fragment; the callback is authenticated by signature (Standard Webhooks).");
            return null;
        }

        if (!policy.IsHostAllowed(uri.Host))
        {
            errors.Add(
                "callbackUrl",
                policy.AllowedHosts.Count == 0
                    ? "Callbacks are not enabled on this service (no allowed callback host is configured)."
                    : $"Host '{uri.Host}' is not an allowed callback host.");
            return null;
        }

        return uri.AbsoluteUri;
    }

    private static string? ValidateCaCertificates(string? value, ValidationErrors errors)
    {
        if (value is null)
        {
            return null;
        }

        X509Certificate2Collection certificates = [];
        try
        {
            certificates.ImportFromPem(value);
        }
        catch (CryptographicException ex)
        {
            errors.Add("trustedCaCertificatesPem", $"Not a PEM bundle of certificates: {ex.Message}");
            return null;
        }

        if (certificates.Count == 0)
        {
            errors.Add("trustedCaCertificatesPem", "Holds no '-----BEGIN CERTIFICATE-----' block.");
            return null;
        }

        if (certificates.Any(c => c.HasPrivateKey) || value.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            // Durable history is stored in clear: a private key must never enter it.
            errors.Add("trustedCaCertificatesPem", "Must hold certificates only, never a private key.");
            return null;
        }

        return value;
    }

    private static string? ValidatePin(string? value, ValidationErrors errors)
    {
        if (value is null)
        {
            return null;
        }

        string hex = value.Replace(":", string.Empty, StringComparison.Ordinal);
        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
        {
            errors.Add("pinnedCertificateSha256", "Must be a SHA-256 fingerprint: 64 hex digits (colons allowed).");
            return null;
        }

        return hex.ToUpperInvariant();
    }

    [GeneratedRegex("^[a-z0-9-]{3,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex DestinationIdPattern();

    [GeneratedRegex("^[A-Za-z0-9._#-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex TicketIdPattern();
}

/// <summary>Collects validation errors keyed by the JSON path of the field (e.g. <c>ports[0].destinationIp</c>).</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    /// <summary>Gets a value indicating whether no error was recorded.</summary>
    public bool IsEmpty => _errors.Count == 0;

    /// <summary>Records an error for a field.</summary>
    /// <param name="path">The JSON path of the field, in camelCase.</param>
    /// <param name="message">What is wrong and what is expected.</param>
    public void Add(string path, string message)
    {
        if (!_errors.TryGetValue(path, out List<string>? list))
        {
            _errors[path] = list = [];
        }

        list.Add(message);
    }

    /// <summary>Returns the errors in the shape of ASP.NET's validation problem details.</summary>
    /// <returns>Field path → messages.</returns>
    public Dictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
