using LoftCompare.Pipelines.Models;
using LoftCompare.Pipelines.Running;
using LoftCompare.Runs.Suites;

namespace LoftCompare.Runs.Backends;

/// <summary>The embedded extractive reader (<c>extractive-minilm</c>): not a generative LLM, and labelled so.</summary>
public sealed class ExtractiveReaderBackend : IModelBackend
{
    public bool Serves(string modelId, Suite suite) => modelId == ExtractiveReaderChatClient.ModelId;

    public OpenedModel Open(string modelId, ModelBackendContext context)
        => new(new ModelCall(new ExtractiveReaderChatClient(context.ReaderEmbeddings, context.Kinds), context.Tokens), ExtractiveReaderChatClient.Label);
}
