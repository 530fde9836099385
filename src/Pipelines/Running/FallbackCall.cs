namespace LoftCompare.Pipelines.Running;

/// <summary>A second model call made for the same query (Self-Route's long-context fallback), with its own usage for pricing.</summary>
public sealed record FallbackCall(string ModelId, int InputTokens, int? CachedInputTokens, int OutputTokens, double ModelMs, int PrefixTokens = 0);
