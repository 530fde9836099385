using LoftCompare.Pipelines.Models;
using LoftCompare.Runs.Suites;

namespace LoftCompare.Runs.Backends;

/// <summary>Models in the suite's <c>endpoints</c>: an OpenAI-compatible server (vLLM, TGI, llama.cpp, Ollama, OpenAI), with the durable response cache when the suite asks for it.</summary>
public sealed class OpenAiEndpointBackend : IModelBackend
{
    public bool Serves(string modelId, Suite suite) => suite.Endpoints?.GetValueOrDefault(modelId) is { Kind: var kind } && kind.Equals("openai", StringComparison.OrdinalIgnoreCase);

    public OpenedModel Open(string modelId, ModelBackendContext context)
    {
        var settings = context.Suite.Endpoints![modelId];
        if (!Uri.TryCreate(settings.BaseUrl, UriKind.Absolute, out var baseUrl))
        {
            throw new SuiteException($"Endpoint '{modelId}': 'baseUrl' ('{settings.BaseUrl}') is not an absolute URL.");
        }

        var endpoint = EndpointModel.From(settings, baseUrl);
        var (call, client) = EndpointModel.Call(OpenAiCompatibleClient.Create(endpoint), endpoint, modelId, context);
        var label = $"OpenAI-compatible endpoint {endpoint.BaseUrl} serving {endpoint.Model}{(endpoint.ContextWindow is { } w ? $", {w:N0}-token window" : string.Empty)}";
        return new OpenedModel(call, label, client);
    }
}
