namespace PrivateLink.SupportMatrix;

/// <summary>How a destination is reached.</summary>
public enum DestinationHosting
{
    /// <summary>An Azure resource exposing Private Link subresources (groupIds), or a provider's Private Link Service.</summary>
    AzureHosted,

    /// <summary>A VM behind the customer's Private Link Service: every port is listed with the IP it forwards to.</summary>
    VmHosted,
}
