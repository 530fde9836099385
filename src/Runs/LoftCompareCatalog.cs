using LoftCompare.Corpora.Adapters;
using LoftCompare.Eval.Metrics;
using LoftCompare.Pipelines.Kinds;
using LoftCompare.Pipelines.Prompts;
using LoftCompare.Runs.Backends;
using LoftCompare.Runs.Retrievers;
using LoftCompare.Runs.Suites;

namespace LoftCompare.Runs;

/// <summary>
/// Everything a command can name, each open to plug-ins: task kinds and their metrics, dataset adapters, model backends,
/// retrieval methods, prompt formats and VectorData stores. Built once by the composition root
/// (<see cref="LoftCompareServiceCollectionExtensions.AddLoftCompareCatalog"/>) from the built-in parts plus what a host
/// registered, and handed to every command, so a plug-in exists in <c>run</c>, <c>score</c>, <c>datasets</c>, the report
/// and the viewer alike.
/// </summary>
public sealed class LoftCompareCatalog
{
    public required TaskKindProfiles Kinds { get; init; }

    public required MetricRegistry Metrics { get; init; }

    public required DatasetAdapterRegistry DatasetAdapters { get; init; }

    public required ModelBackendRegistry ModelBackends { get; init; }

    public required RetrieverRegistry Retrievers { get; init; }

    public required PromptFormatRegistry PromptFormats { get; init; }

    /// <summary>VectorData stores a suite may name as its RAG index (<c>retrieval.index</c>), by name.</summary>
    public IReadOnlyDictionary<string, Microsoft.Extensions.VectorData.VectorStore> VectorStores { get; init; } = new Dictionary<string, Microsoft.Extensions.VectorData.VectorStore>();

    /// <summary>The names a suite may use here, for checking a suite file.</summary>
    public SuiteVocabulary Vocabulary => new(PromptFormats, [.. Retrievers.Names], [.. VectorStores.Keys], Kinds)
    {
        DatasetAdapters = [.. DatasetAdapters.Names.Order(StringComparer.Ordinal)],
        EndpointKinds = ModelBackends.EndpointKinds,
    };
}
