namespace PrivateLink.Arm;

/// <summary>The status of a private endpoint connection.</summary>
public enum ConnectionStatus
{
    /// <summary>Waiting for the customer to approve or reject.</summary>
    Pending,

    /// <summary>The customer approved; traffic can flow.</summary>
    Approved,

    /// <summary>The customer rejected the request.</summary>
    Rejected,

    /// <summary>The customer removed the connection after it was approved.</summary>
    Disconnected,
}
