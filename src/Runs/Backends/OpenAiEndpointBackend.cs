using LoftCompare.Pipelines.Models;
using LoftCompare.Runs.Suites;

namespace LoftCompare.Runs.Backends;

/// <summary>Models in the suite's <c>endpoints</c>: an OpenAI-compatible server (vLLM, TGI, llama.cpp, Ollama, OpenAI), with the durable response cache when the suite asks for it.</summary>
public sealed class OpenAiEndpointBackend : IModelBackend
{
    public const string Kind = "openai";

    public bool Serves(string modelId, Suite suite) => suite.Endpoints?.GetValueOrDefault(modelId) is { Kind: var kind } && kind.Equals(Kind, StringComparison.OrdinalIgnoreCase);

    public IReadOnlyList<string> EndpointKinds => [Kind];

    public OpenedModel Open(string modelId, ModelBackendContext context)
    {
        var settings = context.Suite.Endpoints![modelId];
        if (!Uri.TryCreate(settings.BaseUrl, UriKind.Absolute, out var baseUrl))
        {
            throw new SuiteException($"Endpoint '{modelId}': 'baseUrl' ('{settings.BaseUrl}') is not an absolute URL.");
        }

        var endpoint = EndpointModel.From(settings, baseUrl);
        Microsoft.Extensions.AI.IChatClient opened;
        try
        {
            opened = OpenAiCompatibleClient.Create(endpoint);
        }
        catch (InvalidOperationException ex)
        {
            // Its API key's environment variable is not set: the suite's endpoint cannot be used on this machine.
            throw new SuiteException($"Endpoint '{modelId}': {ex.Message}", ex);
        }

        var (call, client) = EndpointModel.Call(opened, endpoint, modelId, context);
        var label = $"OpenAI-compatible endpoint {endpoint.BaseUrl} serving {endpoint.Model}{(endpoint.ContextWindow is { } w ? $", {w:N0}-token window" : string.Empty)}";
        return new OpenedModel(call, label, client);
    }
}
