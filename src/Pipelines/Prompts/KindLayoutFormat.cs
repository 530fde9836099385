using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Kinds;

namespace LoftCompare.Pipelines.Prompts;

/// <summary>
/// A prompt format made of per-kind layouts: each kind's profile may name a <see cref="KindPrompt"/> under this format's
/// name (HELMET's, RULER's, a plug-in's); a kind without one is prompted and read the LOFT way.
/// </summary>
public sealed class KindLayoutFormat(string name, TaskKindProfiles kinds) : IPromptFormat
{
    private readonly LoftPromptFormat loft = new(kinds);

    public string Name => name;

    public LoftPrompt Build(TaskSet taskSet, IReadOnlyList<Document> documents, Query query, bool allowUnanswerable = false)
        => kinds[taskSet.Kind].For(name) is { } layout
            ? new LoftPrompt(layout.Build(taskSet, documents, query, allowUnanswerable), documents.Select(d => d.Id).ToList())
            : loft.Build(taskSet, documents, query, allowUnanswerable);

    public IReadOnlyList<string>? Parse(TaskKind kind, string output, LoftPrompt? prompt = null)
        => kinds[kind].For(name) is { } layout ? layout.Parse(output, prompt) : loft.Parse(kind, output, prompt);
}
