namespace LoftCompare.Eval.Costs;

/// <summary>What one model call did, in tokens: the only inputs to its price.</summary>
/// <param name="InputTokens">Prompt tokens (the server's count when it reports one).</param>
/// <param name="OutputTokens">Output tokens.</param>
/// <param name="ReportedCachedTokens">Prompt tokens the server says came from its prefix cache; null when it does not say. Carried with the work but never priced: it depends on the server's warmth (docs/costs.md).</param>
/// <param name="PrefixTokens">Prompt tokens shared with the task's other queries (the corpus before the query), which a prefix cache reuses.</param>
public sealed record ModelWork(long InputTokens, long OutputTokens, long? ReportedCachedTokens = null, long PrefixTokens = 0);
