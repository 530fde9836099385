namespace LoftCompare.Corpora.Shipped;

/// <summary>Knobs of the State of the Union cloze builder; the defaults produce the shipped <c>sotu/32k</c> set.</summary>
public sealed record SotuBuildOptions
{
    public int Seed { get; init; } = 20261129;

    /// <summary>LOFT length label for the output folder.</summary>
    public string LengthLabel { get; init; } = "32k";

    /// <summary>Corpus size in tokens of <see cref="CountTokens"/>; leaves room for instructions, few-shot and query within the label.</summary>
    public int CorpusTokens { get; init; } = 28_000;

    public int TestQueries { get; init; } = 40;

    public int DevQueries { get; init; } = 10;

    public int FewShotQueries { get; init; } = 3;

    public int MinPassageWords { get; init; } = 120;

    public int PassagesPerAddress { get; init; } = 3;

    /// <summary>The tokenizer used to size the corpus (the run's own, o200k_base by default).</summary>
    public required Func<string, int> CountTokens { get; init; }
}
