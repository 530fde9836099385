namespace LoftCompare.Pipelines.Running;

/// <summary>
/// One model call a pipeline made for a query: which model answered, its tokens and its time. A query's calls are
/// priced one by one at each model's own price (Self-Route's declined reader call and its long-context fallback are
/// two calls), and stored one by one beside the row's totals.
/// </summary>
/// <param name="PrefixTokens">Prompt tokens shared with the task's other queries (the corpus before the query), which a prefix cache can reuse.</param>
/// <param name="ModelWallMs">The call's time with every attempt and backoff; <paramref name="ModelMs"/> is the final attempt's.</param>
public sealed record ModelUsage(
    string ModelId,
    int InputTokens,
    int? CachedInputTokens,
    int OutputTokens,
    int PrefixTokens,
    double ModelMs,
    double? TtftMs,
    double ModelWallMs,
    int Attempts,
    double BackoffMs,
    bool CacheHit)
{
    /// <summary>The call a model reply came from.</summary>
    public static ModelUsage Of(string modelId, ModelReply reply, int prefixTokens = 0)
        => new(modelId, reply.InputTokens, reply.CachedInputTokens, reply.OutputTokens, prefixTokens, reply.ModelMs, reply.TtftMs, reply.WallMs ?? reply.ModelMs, reply.Attempts, reply.BackoffMs, reply.CacheHit);
}
