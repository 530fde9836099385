using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Pipelines.Prompts;

/// <summary>
/// A published prompt family (LOFT, HELMET, RULER): how a task's documents and query become one prompt, and how the
/// model's output is read back into the items its metric scores. Corpus first and query last in every format, so a
/// server's prefix cache can reuse the corpus across queries.
/// </summary>
public interface IPromptFormat
{
    /// <summary>The name suites use (<c>loft</c>, <c>helmet</c>, <c>ruler</c>).</summary>
    string Name { get; }

    /// <summary>The prompt for <paramref name="query"/> over <paramref name="documents"/> (the whole corpus or the retrieved ones).</summary>
    LoftPrompt Build(TaskSet taskSet, IReadOnlyList<Document> documents, Query query, bool allowUnanswerable = false);

    /// <summary>
    /// The items the metric scores (answers, ids, rows as JSON arrays, a label); null when the output has no answer in
    /// this format. <paramref name="prompt"/> is the prompt the output answers, for formats that cite documents by their
    /// position in it.
    /// </summary>
    IReadOnlyList<string>? Parse(TaskKind kind, string output, LoftPrompt? prompt = null);
}
