namespace LoftCompare.Pipelines.Running;

/// <summary>What one model call returned and cost.</summary>
/// <param name="InputTokens">Prompt tokens: the server's count when it reports one, else ours.</param>
/// <param name="TokenizerInputTokens">Prompt tokens by our tokenizer, kept beside the server's.</param>
/// <param name="CachedInputTokens">Prompt tokens the server served from its prefix cache, when reported.</param>
/// <param name="TtftMs">Time to the first streamed text.</param>
/// <param name="CacheHit">The answer was replayed from the response cache.</param>
/// <param name="Attempts">Times the prompt was sent (1 = no retry).</param>
/// <param name="BackoffMs">Time spent waiting between attempts.</param>
/// <param name="WallMs">The whole call, every attempt and backoff included; <paramref name="ModelMs"/> is the final attempt's.</param>
public sealed record ModelReply(
    string Output,
    IReadOnlyList<string>? Parsed,
    int InputTokens,
    int TokenizerInputTokens,
    int? CachedInputTokens,
    int OutputTokens,
    double ModelMs,
    double? TtftMs,
    bool CacheHit = false,
    int Attempts = 1,
    double BackoffMs = 0,
    double? WallMs = null)
{
    /// <summary>The model's confidence in its answer, when it reports one (the extractive reader does).</summary>
    public double? Confidence { get; init; }

    /// <summary>What the call noticed about the reply and its counts (cut at the size limit, usage missing or under-reported); null when nothing.</summary>
    public string? Note { get; init; }

    /// <summary>The share of the texts an in-process model encoded that an embedding cache served (its time then reflects cache warmth).</summary>
    public double? EncodingsCached { get; init; }
}
