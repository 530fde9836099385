namespace LoftCompare.Results;

/// <summary>
/// A row of <c>effective_lengths</c>: for one long-context model, the largest context length whose recall-probe score
/// stays at or above the threshold (RULER's rule), from the run's recall tasks at two or more lengths.
/// </summary>
public sealed record EffectiveLengthRecord
{
    public required string RunId { get; init; }
    public required string ModelId { get; init; }
    /// <summary>The recall metric averaged per length (e.g. <c>string_match_all</c>), on a 0–100 scale.</summary>
    public required string Metric { get; init; }
    public required double Threshold { get; init; }
    /// <summary>Null when even the shortest length scores below the threshold.</summary>
    public long? EffectiveLength { get; init; }
    /// <summary>The model's declared context window, when the suite declares one.</summary>
    public long? ClaimedLength { get; init; }
    /// <summary>Score (0–100) by context length in tokens, shortest first.</summary>
    public required IReadOnlyList<LengthScore> Scores { get; init; }
}

/// <summary>A recall score (0–100) at one context length, over <paramref name="N"/> examples.</summary>
public sealed record LengthScore(long Length, double Score, int N);
