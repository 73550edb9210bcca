namespace PrivateLink.ArmEmulator;

/// <summary>What an <see cref="ArmFaultRule"/> does to a matching request.</summary>
public enum ArmFaultKind
{
    /// <summary>Answer with an ARM error body and <see cref="ArmFaultRule.StatusCode"/> instead of handling the request.</summary>
    Error,

    /// <summary>Wait <see cref="ArmFaultRule.Delay"/>, then handle the request normally.</summary>
    Delay,

    /// <summary>Accept a private endpoint PUT, then end its long-running operation (and provisioning) Failed.</summary>
    ProvisioningFailed,
}
