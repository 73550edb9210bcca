namespace PrivateLink.Host.Security;

/// <summary>How the runner authenticates callers: Entra ID (or any OpenID provider) bearer tokens (section <c>Authentication</c>).</summary>
public sealed class RunnerAuthenticationOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Authentication";

    /// <summary>Gets or sets the OpenID provider whose discovery document and keys are trusted, e.g. <c>https://login.microsoftonline.com/{tenant}/v2.0</c>.</summary>
    /// <value>Required unless the development issuer is on; https only.</value>
    public string? Authority { get; set; }

    /// <summary>Gets or sets the audience every token must carry (the API's application ID URI or client id).</summary>
    /// <value>Required.</value>
    public string? Audience { get; set; }

    /// <summary>Gets or sets the tenant every token's <c>tid</c> claim must name, if set (besides the issuer from the discovery document).</summary>
    public string? TenantId { get; set; }

    /// <summary>Gets or sets the operator console's client id: a public client (single-page application, redirect URI the runner's <c>/</c>) of the same authority.</summary>
    /// <value>Without it the console cannot sign in (it then only accepts a pasted token in Development).</value>
    public string? ConsoleClientId { get; set; }

    /// <summary>Gets or sets the scope the console asks for (Entra ID: <c>{Audience}/.default</c> or a delegated scope of the API).</summary>
    /// <value>The default is <c>openid {Audience}/.default</c>.</value>
    public string? ConsoleScope { get; set; }

    /// <summary>Gets or sets a value indicating whether the runner's own in-memory development issuer signs and validates tokens (the demo uses it).</summary>
    /// <value>False by default; refused outside Development.</value>
    public bool DevelopmentIssuer { get; set; }
}
