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

    /// <summary>Sends one request through the pipeline (its retry policy included) and returns the response; an error status throws.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="uri">The absolute URI.</param>
    /// <param name="body">The JSON body, or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response, its content buffered.</returns>
    /// <exception cref="RequestFailedException">ARM answered with a non-success status.</exception>
    public async Task<Response> SendAsync(RequestMethod method, Uri uri, BinaryData? body, CancellationToken cancellationToken)
    {
        using HttpMessage message = Pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(uri);
        message.Request.Headers.Add("Accept", "application/json");
        if (body is not null)
        {
            message.Request.Headers.Add("Content-Type", "application/json");
            message.Request.Content = RequestContent.Create(body);
        }

        await Pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        Response response = message.Response;
        if (response.IsError)
        {
            throw new RequestFailedException(response);
        }

        return response;
    }

    /// <summary>Gets the ARM endpoint the pipeline talks to.</summary>
    public Uri ArmEndpoint => Endpoint;

    /// <summary>Builds an absolute URI on the ARM endpoint from a path and api-version.</summary>
    public Uri Url(string path, string apiVersion) => new(Endpoint, $"{path}?api-version={apiVersion}");
}
