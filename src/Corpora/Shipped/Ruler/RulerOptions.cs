namespace LoftCompare.Corpora.Shipped.Ruler;

/// <summary>A question with its answer and the passage that answers it, for RULER's QA tasks.</summary>
public sealed record QaItem(string Question, string Answer, string Passage);

/// <summary>What the RULER generator needs: the task, the context length to hit, the material and the tokenizer.</summary>
public sealed record RulerOptions
{
    public required RulerTask Task { get; init; }

    /// <summary>Tokens of context per sample (the haystack with its needles); the prompt's own text comes on top.</summary>
    public required int TargetTokens { get; init; }

    public int Samples { get; init; } = 20;

    public int Seed { get; init; } = 20261129;

    /// <summary>How far below the target a sample may fall (never above it).</summary>
    public double Tolerance { get; init; } = 0.02;

    public required Func<string, int> CountTokens { get; init; }

    public required RulerVocabulary Vocabulary { get; init; }

    /// <summary>The essay haystack, sentence by sentence, in reading order.</summary>
    public IReadOnlyList<string> EssaySentences { get; init; } = [];

    /// <summary>QA questions (qa_1, qa_2).</summary>
    public IReadOnlyList<QaItem> QaItems { get; init; } = [];

    /// <summary>Passages that answer none of the QA questions, used as distractors.</summary>
    public IReadOnlyList<string> QaDistractors { get; init; } = [];
}

/// <summary>A generated RULER task set: per-sample contexts in one corpus, each query naming its own context.</summary>
/// <param name="SampleTokens">Context tokens of each sample, by the options' tokenizer.</param>
/// <param name="Depths">Relative positions (0–1) of each sample's gold units in its context.</param>
public sealed record RulerSet(IReadOnlyList<Tasks.Document> Corpus, IReadOnlyList<Tasks.Query> Queries, IReadOnlyList<int> SampleTokens, IReadOnlyList<IReadOnlyList<double>> Depths);
