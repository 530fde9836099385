using LoftCompare.Pipelines.Kinds;

namespace LoftCompare.Runs.Suites;

/// <summary>The names a suite may use for prompt formats, retrieval methods, vector stores and task kinds: the built-in ones, plus any a plug-in registered.</summary>
public sealed record SuiteVocabulary(IReadOnlyList<string> PromptFormats, IReadOnlyList<string> RetrievalMethods)
{
    /// <summary>VectorData stores registered by plug-ins, which <c>retrieval.index</c> may name beside <c>embedded</c> and <c>qdrant</c>.</summary>
    public IReadOnlyList<string> VectorStores { get; init; } = [];

    /// <summary>The task kinds a task may name: the built-in ones, plus any a plug-in registered.</summary>
    public TaskKindProfiles Kinds { get; init; } = TaskKindProfiles.Default;

    public static SuiteVocabulary BuiltIn { get; } = new(LoftCompare.Pipelines.Prompts.PromptFormats.Names, ["dense", "bm25", "hybrid"]);
}
