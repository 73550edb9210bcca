namespace PrivateLink.Connectivity.Wire;

/// <summary>The PRELOGIN ENCRYPTION option values (MS-TDS 2.2.6.5).</summary>
internal enum TdsEncryption : byte
{
    /// <summary>ENCRYPT_OFF: encryption available but off (the login packet is still encrypted).</summary>
    Off = 0x00,

    /// <summary>ENCRYPT_ON: encryption available and on.</summary>
    On = 0x01,

    /// <summary>ENCRYPT_NOT_SUP: encryption not available.</summary>
    NotSupported = 0x02,

    /// <summary>ENCRYPT_REQ: encryption required.</summary>
    Required = 0x03,
}
