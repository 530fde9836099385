namespace LoftCompare.Eval.Costs.Serving;

/// <summary>
/// <c>serving-cost</c>'s answer for one model, GPU and context: sizes, GPUs, times and $ with and without a prefix
/// cache (the first query fills the cache with the shared context; later ones prefill only their own part).
/// </summary>
public sealed record ServingCostReport
{
    public required string Model { get; init; }
    public required string Gpu { get; init; }
    public required long ContextTokens { get; init; }
    public required long QueryTokens { get; init; }
    public required long OutputTokens { get; init; }
    public required long Queries { get; init; }
    public required double PerGpuHourUsd { get; init; }
    public required int Batch { get; init; }
    public required long KvCacheBytesPerToken { get; init; }
    /// <summary>KV cache of the whole prompt (context + query).</summary>
    public required long KvCacheBytes { get; init; }
    public required long WeightsBytes { get; init; }
    public required int GpusNeeded { get; init; }
    public required double PrefillTflop { get; init; }
    /// <summary>Wall time of the whole prompt's prefill on <see cref="GpusNeeded"/> GPUs.</summary>
    public required double PrefillSeconds { get; init; }
    /// <summary>Wall time per output token at the prompt's length, on <see cref="GpusNeeded"/> GPUs.</summary>
    public required double DecodeMsPerToken { get; init; }
    public required double GpuSecondsPerQuery { get; init; }
    public required double UsdPerQuery { get; init; }
    public required double GpuSecondsPerQueryCached { get; init; }
    public required double UsdPerQueryCached { get; init; }
    /// <summary>One-off: prefilling the shared context once into the cache.</summary>
    public required double PrefixFillUsd { get; init; }
    public required double TotalUsd { get; init; }
    public required double TotalUsdCached { get; init; }
    public string? Warning { get; init; }

    public static ServingCostReport Of(ServingCostModel serving, long contextTokens, long queryTokens, long outputTokens, long queries)
    {
        var prompt = contextTokens + queryTokens;
        var uncached = serving.Estimate(prompt, outputTokens);
        var cached = serving.Estimate(prompt, outputTokens, cachedTokens: contextTokens);
        var fill = serving.Usd(serving.PrefillGpuSeconds(contextTokens));
        var gpus = uncached.Gpus;
        return new ServingCostReport
        {
            Model = serving.Model.Name,
            Gpu = serving.Gpu.Name,
            ContextTokens = contextTokens,
            QueryTokens = queryTokens,
            OutputTokens = outputTokens,
            Queries = queries,
            PerGpuHourUsd = serving.PerHour,
            Batch = serving.Batch,
            KvCacheBytesPerToken = serving.Model.KvCacheBytesPerToken,
            KvCacheBytes = serving.KvCacheBytes(prompt),
            WeightsBytes = serving.Model.WeightsBytes,
            GpusNeeded = gpus,
            PrefillTflop = serving.PrefillFlops(prompt) / 1e12,
            PrefillSeconds = serving.PrefillGpuSeconds(prompt) / gpus,
            DecodeMsPerToken = serving.DecodeGpuSecondsPerToken(prompt) * serving.Batch / gpus * 1000, // a step serves the whole batch
            GpuSecondsPerQuery = uncached.GpuSeconds,
            UsdPerQuery = uncached.Usd,
            GpuSecondsPerQueryCached = cached.GpuSeconds,
            UsdPerQueryCached = cached.Usd,
            PrefixFillUsd = fill,
            TotalUsd = uncached.Usd * queries,
            TotalUsdCached = fill + (cached.Usd * queries),
            Warning = prompt + outputTokens > serving.Model.MaxContext
                ? $"{prompt + outputTokens:N0} tokens exceed {serving.Model.Label}'s {serving.Model.MaxContext:N0}-token context window"
                : null,
        };
    }
}
