namespace LoftCompare.Corpora.Shipped;

/// <summary>Knobs of the needle-in-a-haystack builder (RULER's niah_single_2: essay haystack, number needles).</summary>
public sealed record NeedleOptions
{
    public int Seed { get; init; } = 20261129;

    /// <summary>Haystack size in tokens of <see cref="CountTokens"/>; the built haystack lands within 2% of it.</summary>
    public required int TargetTokens { get; init; }

    /// <summary>Needles planted, one per query, at evenly spread depths.</summary>
    public int Needles { get; init; } = 20;

    /// <summary>Words per haystack passage (the documents RAG retrieves and long context reads).</summary>
    public int PassageWords { get; init; } = 120;

    public required Func<string, int> CountTokens { get; init; }
}
