using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;

namespace LoftCompare.Pipelines.Models;

/// <summary>Builds the <see cref="IChatClient"/> for an OpenAI-compatible endpoint (OpenAI .NET SDK via Microsoft.Extensions.AI.OpenAI), with our retry handler in its HTTP stack.</summary>
public static class OpenAiCompatibleClient
{
    public static IChatClient Create(ModelEndpoint endpoint, HttpMessageHandler? transport = null)
    {
        var apiKey = endpoint.ApiKeyEnv is null
            ? "no-key"
            : Environment.GetEnvironmentVariable(endpoint.ApiKeyEnv) is { Length: > 0 } key
                ? key
                : throw new InvalidOperationException($"Environment variable '{endpoint.ApiKeyEnv}' (the API key for {endpoint.BaseUrl}) is not set.");
        var http = new HttpClient(new RetryingHttpHandler(endpoint, new ErrorPageGuardHandler(transport ?? new SocketsHttpHandler())), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        var options = new OpenAIClientOptions
        {
            Endpoint = endpoint.BaseUrl,
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(0), // retries are ours (Polly), so they are counted and bounded in one place
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        };
        return new OpenAI.Chat.ChatClient(endpoint.Model, new ApiKeyCredential(apiKey), options).AsIChatClient();
    }
}
