using LoftCompare.Pipelines.Kinds;
using LoftCompare.Pipelines.Prompts;

namespace LoftCompare.Runs.Suites;

/// <summary>What a suite may name, from the catalog: prompt formats, retrieval methods, VectorData stores (which
/// <c>retrieval.index</c> may name beside <c>embedded</c> and <c>qdrant</c>), task kinds, dataset adapters and endpoint
/// kinds, the built-in ones plus any a plug-in registered.</summary>
public sealed record SuiteVocabulary(PromptFormatRegistry Formats, IReadOnlyList<string> RetrievalMethods, IReadOnlyList<string> VectorStores, TaskKindProfiles Kinds)
{
    public IReadOnlyList<string> PromptFormats => Formats.Names;

    /// <summary>The dataset adapters a task may name (<c>tasks[].adapter</c>).</summary>
    public IReadOnlyList<string> DatasetAdapters { get; init; } = [];

    /// <summary>The endpoint kinds a model backend serves (<c>endpoints.*.kind</c>).</summary>
    public IReadOnlyList<string> EndpointKinds { get; init; } = [];
}
