namespace LoftCompare.Eval.Costs;

/// <summary>What one query consumed, as measured.</summary>
public sealed record QueryUsage(long InputTokens, long CachedInputTokens, long OutputTokens, double ModelMs, double RetrievalMs);
