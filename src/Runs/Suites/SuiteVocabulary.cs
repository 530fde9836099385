namespace LoftCompare.Runs.Suites;

/// <summary>The names a suite may use for prompt formats and retrieval methods: the built-in ones, plus any a plug-in registered.</summary>
public sealed record SuiteVocabulary(IReadOnlyList<string> PromptFormats, IReadOnlyList<string> RetrievalMethods)
{
    public static SuiteVocabulary BuiltIn { get; } = new(LoftCompare.Pipelines.Prompts.PromptFormats.Names, ["dense", "bm25", "hybrid"]);
}
