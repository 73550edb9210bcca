using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.ResourceManager;

namespace PrivateLink.Arm;

/// <summary>GETs on ARM paths the generic-resource API does not cover (sub-collections, subscription-wide lists), through the ArmClient's own pipeline.</summary>
/// <remarks>Deriving from <see cref="ArmResource"/> gives the same pipeline (credential, retry policy, transport) the generic calls use.</remarks>
internal sealed class ArmRawClient : ArmResource
{
    public ArmRawClient(ArmClient client)
        : base(client, ResourceIdentifier.Root)
    {
    }

    /// <summary>Sends a GET and returns the parsed JSON body.</summary>
    /// <exception cref="RequestFailedException">ARM answered with a non-success status.</exception>
    public async Task<JsonDocument> GetJsonAsync(Uri uri, CancellationToken cancellationToken)
    {
        using HttpMessage message = Pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Get;
        message.Request.Uri.Reset(uri);
        message.Request.Headers.Add("Accept", "application/json");
        await Pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        Response response = message.Response;
        if (response.IsError)
        {
            throw new RequestFailedException(response);
        }

        return JsonDocument.Parse(response.Content);
    }

    /// <summary>Builds an absolute URI on the ARM endpoint from a path and api-version.</summary>
    public Uri Url(string path, string apiVersion) => new(Endpoint, $"{path}?api-version={apiVersion}");
}
