using LoftCompare.Pipelines.Models;
using LoftCompare.Runs.Suites;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.AzureOpenAI;

namespace LoftCompare.Runs.Backends;

/// <summary>
/// An Azure OpenAI deployment (<c>"kind": "azure-openai"</c> in <c>endpoints</c>) through Semantic Kernel's Azure OpenAI
/// connector: the resource's URL, a deployment, and the key in the <c>api-key</c> header, read from the environment
/// variable the suite names (never stored). Our retry handler sits in its HTTP stack, as for OpenAI-compatible servers.
/// </summary>
public sealed class AzureOpenAiBackend : IModelBackend
{
    public const string Kind = "azure-openai";

    public bool Serves(string modelId, Suite suite) => suite.Endpoints?.GetValueOrDefault(modelId)?.Kind.Equals(Kind, StringComparison.OrdinalIgnoreCase) == true;

    public IReadOnlyList<string> EndpointKinds => [Kind];

    public OpenedModel Open(string modelId, ModelBackendContext context)
    {
        var settings = context.Suite.Endpoints![modelId];
        if (!Uri.TryCreate(settings.BaseUrl, UriKind.Absolute, out var resource))
        {
            throw new SuiteException($"Endpoint '{modelId}': 'baseUrl' ('{settings.BaseUrl}') is not an absolute URL (the Azure OpenAI resource, e.g. https://my-resource.openai.azure.com/).");
        }

        if (settings.ApiKeyEnv is null)
        {
            throw new SuiteException($"Endpoint '{modelId}': an Azure OpenAI endpoint needs 'apiKeyEnv', the environment variable holding its key.");
        }

        var key = Environment.GetEnvironmentVariable(settings.ApiKeyEnv) is { Length: > 0 } value
            ? value
            : throw new SuiteException($"Endpoint '{modelId}': environment variable '{settings.ApiKeyEnv}' (the key for {resource}) is not set.");
        var endpoint = EndpointModel.From(settings, resource);
        var http = new HttpClient(new RetryingHttpHandler(endpoint, new ErrorPageGuardHandler(new SocketsHttpHandler())), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        var deployment = settings.Deployment ?? settings.Model;
        IChatCompletionService service = new AzureOpenAIChatCompletionService(deployment, resource.ToString(), key, settings.Model, http);
        var (call, client) = EndpointModel.Call(new FinishReasonFromMetadata(service.AsChatClient()), endpoint, modelId, context);
        return new OpenedModel(call, $"Azure OpenAI deployment '{deployment}' at {resource} (Semantic Kernel connector){(endpoint.ContextWindow is { } w ? $", {w:N0}-token window" : string.Empty)}", new Owned(client, http));
    }

    private sealed class Owned(IChatClient client, HttpClient http) : IDisposable
    {
        public void Dispose()
        {
            client.Dispose();
            http.Dispose();
        }
    }
}
