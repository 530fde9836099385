namespace LoftCompare.Results;

/// <summary>
/// One model call of an example, as stored in <c>results.model_calls</c> (a JSON array, in call order): the model,
/// its tokens, its $ at that model's price, and its time. An example's token, cost and time columns are these calls'
/// totals; Self-Route's declined reader call and its long-context fallback are two entries.
/// </summary>
public sealed record ModelCallRecord
{
    public required string ModelId { get; init; }
    public required long InputTokens { get; init; }
    public long? CachedInputTokens { get; init; }
    public required long OutputTokens { get; init; }
    public long PrefixTokens { get; init; }
    /// <summary>The call's $ at its model's declared price; null when that model is unpriced.</summary>
    public double? CostUsd { get; init; }
    public required double ModelMs { get; init; }
    public double? TtftMs { get; init; }
    public required double ModelWallMs { get; init; }
    public required int Attempts { get; init; }
    public double BackoffMs { get; init; }
    public bool CacheHit { get; init; }
}
