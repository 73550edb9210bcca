using System.Globalization;
using System.Text.Json;
using PrivateLink.Api.Security;
using PrivateLink.TestIdentity;

// Usage: PrivateLink.Bench.LoadIdentity <output folder> <callers>
// Starts the loopback OpenID provider, writes its CA (ca.pem), the runner settings that trust it (identity.env) and one
// token with every role per caller (tokens.json, each caller its own object id), then serves until stdin closes.
if (args.Length != 2 || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out int callers) || callers < 1)
{
    Console.Error.WriteLine("usage: PrivateLink.Bench.LoadIdentity <output folder> <callers>");
    return 2;
}

string folder = args[0];
Directory.CreateDirectory(folder);
await using TestIdentityProvider identity = await TestIdentityProvider.StartAsync();
await File.WriteAllTextAsync(Path.Combine(folder, "ca.pem"), identity.Ca.Pem);
await File.WriteAllLinesAsync(
    Path.Combine(folder, "identity.env"),
    identity.RunnerSettings.Select(s => $"export {s.Key.Replace(":", "__", StringComparison.Ordinal)}='{s.Value}'"));

var tokens = new List<string>(callers);
for (int i = 0; i < callers; i++)
{
    tokens.Add(await identity.GetTokenAsync(new TestClient([.. OnboardingRoles.All]) { DisplayName = $"Load caller {i}" }));
}

// Written last and renamed into place: the script waits for this file.
string tokensFile = Path.Combine(folder, "tokens.json");
await File.WriteAllTextAsync(tokensFile + ".tmp", JsonSerializer.Serialize(tokens));
File.Move(tokensFile + ".tmp", tokensFile, overwrite: true);
Console.WriteLine($"OpenID provider {identity.Issuer}; {callers} tokens in {tokensFile}");

// Serves metadata and signing keys to the runner until the script closes stdin.
await Console.In.ReadToEndAsync();
return 0;
