namespace LoftCompare.Results;

/// <summary>A row of <c>results</c>: one pipeline's answer to one query, its scores, tokens, timings and error.</summary>
public sealed record ResultRecord
{
    public required string RunId { get; init; }
    public required string TaskName { get; init; }
    public required string Pipeline { get; init; }
    public required string ModelId { get; init; }
    public required string QueryId { get; init; }
    /// <summary>The parsed answer list; null when the output had no <c>Final Answer:</c>.</summary>
    public IReadOnlyList<string>? Prediction { get; init; }
    public string? RawOutput { get; init; }
    /// <summary>Retrieved document ids, best first (empty without retrieval).</summary>
    public IReadOnlyList<string> RetrievedIds { get; init; } = [];
    /// <summary>Every score of the example by metric name (empty for a failed or declined one).</summary>
    public IReadOnlyDictionary<string, double> Scores { get; init; } = new Dictionary<string, double>();
    public string? PrimaryMetric { get; init; }
    public double? PrimaryScore { get; init; }
    public long? InputTokens { get; init; }
    public long? OutputTokens { get; init; }
    /// <summary>Input tokens served from the server's prefix cache, when it reports them.</summary>
    public long? CachedInputTokens { get; init; }
    /// <summary>$ for this example under the suite's cost model (tokens and declared prices, never measured time); setup is apart. Null without a price.</summary>
    public double? CostUsd { get; init; }
    public double? RetrievalMs { get; init; }
    public double? ModelMs { get; init; }
    public double? TotalMs { get; init; }
    public string? Error { get; init; }
    /// <summary>Relative position of the first gold document in the corpus (0 = first, 1 = last); null without gold documents.</summary>
    public double? GoldDepth { get; init; }
    /// <summary>Time to the model's first streamed text.</summary>
    public double? TtftMs { get; init; }
    /// <summary>Prompt tokens by our tokenizer, kept beside a server-reported <see cref="InputTokens"/>.</summary>
    public long? TokenizerInputTokens { get; init; }
    /// <summary>How the context was cut to fit the model's window, if it was.</summary>
    public string? ContextNote { get; init; }
    /// <summary>For Self-Route rows: <c>rag</c>, or <c>long-context</c> when the reader declined.</summary>
    public string? Route { get; init; }
    /// <summary>The answer was replayed from the response cache; such rows are left out of latency statistics.</summary>
    public bool CacheHit { get; init; }
    /// <summary>Succeeded, failed (see <see cref="Error"/>) or declined (the model cannot do this task kind: n/a, never 0).</summary>
    public ExampleOutcome Outcome { get; init; }
    /// <summary>Times a model was asked, counting HTTP-level and whole-stream retries (a Self-Route fallback adds both calls); null without a model call.</summary>
    public long? Attempts { get; init; }
    /// <summary>Time spent waiting between attempts.</summary>
    public double? BackoffMs { get; init; }
    /// <summary>Wall time of the model call including every attempt and backoff; <see cref="ModelMs"/> is the final attempt's.</summary>
    public double? ModelWallMs { get; init; }
    /// <summary>Prompt tokens shared with the task's other queries (the corpus before the query), which a prefix cache can reuse.</summary>
    public long? PrefixTokens { get; init; }
    /// <summary>Where the cached tokens priced at the cached rate came from; null without a priced model call.</summary>
    public CacheBasis? CacheBasis { get; init; }
    /// <summary>Modelled GPU-seconds under a serving-cost price (beside the measured latency); null otherwise.</summary>
    public double? GpuSeconds { get; init; }
    /// <summary>The answering model's confidence in its answer, when it reports one (Self-Route: the reader's), for routing replays.</summary>
    public double? Confidence { get; init; }
    /// <summary>The share of an in-process model's text encodings served from the embedding cache: its measured latency reflects cache warmth, its cost does not.</summary>
    public double? EncodingsCached { get; init; }
    /// <summary>Each model call of the example in order, priced at its own model's price; null without a model call (or for rows recorded before calls were kept).</summary>
    public IReadOnlyList<ModelCallRecord>? ModelCalls { get; init; }
    public required DateTimeOffset RecordedAt { get; init; }

    /// <summary>Right (the leading score is 1, no error), wrong, or null for a declined row (n/a); stored so pages filter in SQL.</summary>
    public bool? Correct => Outcome == ExampleOutcome.Declined ? null : Error is null && PrimaryScore >= 1;
}
