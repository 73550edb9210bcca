using Azure.Core;

namespace PrivateLink.Arm;

/// <summary>A fixed bearer token for the ARM emulator, which accepts any token but requires one. Never use it against Azure.</summary>
/// <remarks>Register it as the <see cref="TokenCredential"/> singleton to override <c>DefaultAzureCredential</c> in tests and the local demo.</remarks>
public sealed class EmulatorTokenCredential : TokenCredential
{
    private static readonly AccessToken Token = new("emulator-token", DateTimeOffset.MaxValue);

    /// <summary>Returns the fixed emulator token.</summary>
    /// <param name="requestContext">Ignored.</param>
    /// <param name="cancellationToken">Ignored.</param>
    /// <returns>The token.</returns>
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => Token;

    /// <summary>Returns the fixed emulator token.</summary>
    /// <param name="requestContext">Ignored.</param>
    /// <param name="cancellationToken">Ignored.</param>
    /// <returns>The token.</returns>
    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => ValueTask.FromResult(Token);
}
