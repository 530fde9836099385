using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Prompts;

namespace LoftCompare.Pipelines.Kinds;

/// <summary>A prompt format's own layout for one kind: how to write the prompt and how to read the items the metric scores out of the output.</summary>
public sealed record KindPrompt(KindPrompt.Builder Build, KindPrompt.Reader Parse)
{
    /// <summary>The prompt text for <paramref name="query"/> over <paramref name="documents"/>.</summary>
    public delegate string Builder(TaskSet taskSet, IReadOnlyList<Document> documents, Query query, bool allowUnanswerable);

    /// <summary>The items the metric scores, or null when the output has no answer in this layout.</summary>
    public delegate IReadOnlyList<string>? Reader(string output, LoftPrompt? prompt);
}
