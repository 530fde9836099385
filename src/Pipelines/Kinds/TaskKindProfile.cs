using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Pipelines.Kinds;

/// <summary>
/// Everything a task kind decides outside its metric, in one place: the LOFT prompt pieces (every kind has them),
/// the pieces of other prompt formats that have their own layout for it (HELMET, RULER, a plug-in's), how the RAG
/// pipeline answers it, what the embedded extractive reader can do with it, and the report rules that depend on it.
/// A kind's metrics are registered beside it, keyed on (kind, prompt format), in <c>LoftCompare.Eval.Metrics.MetricRegistry</c>;
/// the report's columns and charts follow from the metric's score names. Adding a kind is one profile (see
/// <see cref="BuiltIn"/> for the eight built-in ones) plus its metric, registered together with <c>AddTaskKind</c>.
/// </summary>
public sealed record TaskKindProfile(TaskKind Kind, LoftKindPrompt Loft)
{
    /// <summary>Layouts other prompt formats have for this kind, by format name (<c>helmet</c>, <c>ruler</c>); a format without one uses LOFT's.</summary>
    public IReadOnlyDictionary<string, KindPrompt> Formats { get; init; } = new Dictionary<string, KindPrompt>(StringComparer.OrdinalIgnoreCase);

    /// <summary>How the RAG pipeline answers: read the retrieved documents with the reader (default), or something else.</summary>
    public RagStep Rag { get; init; } = RagStep.ReadRetrieved;

    /// <summary>What the embedded extractive reader does with this kind; <see cref="ReaderSkill.None"/> shows "n/a" in reports.</summary>
    public ReaderSkill Reader { get; init; } = ReaderSkill.None;

    /// <summary>Whether the kind probes recall at a length, so that its scores measure a model's effective context length (RULER's rule).</summary>
    public bool MeasuresEffectiveLength { get; init; }

    /// <summary>The layout <paramref name="format"/> has for this kind, or null when it uses LOFT's.</summary>
    public KindPrompt? For(string format) => Formats.GetValueOrDefault(format);
}
