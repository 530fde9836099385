using LoftCompare.Pipelines.Kinds;
using LoftCompare.Pipelines.Prompts;
using LoftCompare.Runs.Backends;
using LoftCompare.Runs.Retrievers;
using LoftCompare.Runs.Suites;

namespace LoftCompare.Runs;

/// <summary>What a run builds its parts from: model backends, retrieval methods, prompt formats and task kinds, each open to plug-ins.</summary>
public sealed record RunRegistries(ModelBackendRegistry ModelBackends, RetrieverRegistry Retrievers, PromptFormatRegistry PromptFormats)
{
    /// <summary>The built-in backends, retrievers and formats.</summary>
    public static RunRegistries Default => new(ModelBackendRegistry.CreateDefault(), RetrieverRegistry.CreateDefault(), PromptFormatRegistry.CreateDefault());

    /// <summary>VectorData stores a suite may name as its RAG index (<c>retrieval.index</c>), by name.</summary>
    public IReadOnlyDictionary<string, Microsoft.Extensions.VectorData.VectorStore> VectorStores { get; init; } = new Dictionary<string, Microsoft.Extensions.VectorData.VectorStore>();

    /// <summary>The task kinds a suite may name (<c>kind</c>), each with its profile: the built-in ones and any a plug-in adds (<c>AddTaskKind</c>).</summary>
    public TaskKindProfiles Kinds { get; init; } = TaskKindProfiles.Default;

    /// <summary>The names a suite may use here, for checking a suite file.</summary>
    public SuiteVocabulary Vocabulary => new(PromptFormats.Names, Retrievers.Names) { VectorStores = [.. VectorStores.Keys], Kinds = Kinds };
}
