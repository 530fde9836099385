using LoftCompare.Pipelines.Models;
using LoftCompare.Runs.Suites;

namespace LoftCompare.Runs.Backends;

/// <summary>The model backends a run can open models with; the first that serves a model id opens it.</summary>
public sealed class ModelBackendRegistry(IEnumerable<IModelBackend> backends)
{
    private readonly IReadOnlyList<IModelBackend> backends = backends.ToList();

    /// <summary>The built-in backends: OpenAI-compatible endpoints, then ONNX Runtime GenAI folders, then the extractive reader.</summary>
    public static IReadOnlyList<IModelBackend> BuiltIn { get; } = [new OpenAiEndpointBackend(), new AzureOpenAiBackend(), new OnnxGenAiBackend(), new ExtractiveReaderBackend()];

    /// <summary>Every <c>endpoints.*.kind</c> some backend serves.</summary>
    public IReadOnlyList<string> EndpointKinds => [.. backends.SelectMany(b => b.EndpointKinds).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <param name="field">The suite field that named the model, for the error when nothing serves it.</param>
    public OpenedModel Open(string modelId, string field, ModelBackendContext context)
        => backends.FirstOrDefault(b => b.Serves(modelId, context.Suite))?.Open(modelId, context)
            ?? throw new SuiteException($"Unknown model '{modelId}' in '{field}'; give it an entry in 'endpoints' or use '{ExtractiveReaderChatClient.ModelId}' ({ExtractiveReaderChatClient.Label}), add it to 'localModels', or register a Semantic Kernel chat service keyed '{modelId}' in a plug-in.");
}
