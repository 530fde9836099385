using LoftCompare.Pipelines.Models;
using LoftCompare.Pipelines.Running;
using LoftCompare.Runs.Suites;
using Microsoft.Extensions.AI;

namespace LoftCompare.Runs.Backends;

/// <summary>Models in the suite's <c>localModels</c>: an ONNX Runtime GenAI model folder opened in-process.</summary>
public sealed class OnnxGenAiBackend : IModelBackend
{
    public bool Serves(string modelId, Suite suite) => suite.LocalModels?.ContainsKey(modelId) == true;

    public OpenedModel Open(string modelId, ModelBackendContext context)
    {
        var local = context.Suite.LocalModels![modelId];
        IChatClient model;
        try
        {
            model = OnnxGenAiModel.Open(local with { Path = SuiteLoader.Resolve(context.SuitePath, local.Path) });
        }
        catch (LocalModelException ex)
        {
            throw new SuiteException($"Local model '{modelId}': {ex.Message}");
        }

        var label = $"ONNX Runtime GenAI model folder {local.Path} ({local.Device.ToUpperInvariant()}){(local.ContextWindow is { } w ? $", {w:N0}-token window" : string.Empty)}";
        return new OpenedModel(new ModelCall(model, context.Tokens, local.MaxOutputTokens, local.ContextWindow), label, model);
    }
}
