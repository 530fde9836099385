namespace LoftCompare.Pipelines.Running;

/// <summary>What one pipeline produced for one query, with its cost in tokens and time.</summary>
/// <param name="RawOutput">The model's text as returned.</param>
/// <param name="ParsedAnswer">The items after <c>Final Answer:</c>; null when the output had none.</param>
/// <param name="RetrievedIds">Document ids the retriever returned, best first (empty for long context).</param>
/// <param name="InputTokens">Prompt tokens counted with the run's tokenizer.</param>
/// <param name="OutputTokens">Output tokens counted with the run's tokenizer.</param>
/// <param name="RetrievalMs">Time spent retrieving (0 for long context).</param>
/// <param name="ModelMs">Time spent in the model call.</param>
/// <param name="TotalMs">Wall time of the whole query, prompt building included.</param>
/// <param name="ModelCalled">False when no model answered (the retriever's ranking is the prediction).</param>
/// <param name="TtftMs">Time to the model's first streamed text.</param>
/// <param name="TokenizerInputTokens">Prompt tokens by our tokenizer (beside a server-reported <paramref name="InputTokens"/>).</param>
/// <param name="CachedInputTokens">Prompt tokens served from the server's prefix cache, when reported.</param>
/// <param name="ContextNote">How the context was cut to fit the model's window, if it was.</param>
/// <param name="Route">For Self-Route: which pipeline answered (<c>rag</c> or <c>long-context</c>).</param>
/// <param name="CacheHit">The model's answer was replayed from the response cache (latency not comparable).</param>
/// <param name="Attempts">Times a model was asked, retries included (Self-Route adds both calls); null without a model call.</param>
/// <param name="BackoffMs">Time spent waiting between attempts.</param>
/// <param name="ModelWallMs">Model time including every attempt and backoff; <paramref name="ModelMs"/> is the final attempt's.</param>
/// <param name="PrefixTokens">Prompt tokens shared with the task's other queries (the corpus before the query), which a prefix cache can reuse.</param>
/// <param name="EmbeddedTokens">Query tokens the retriever embedded (0 without an embedding retriever).</param>
public sealed record PipelineOutput(
    string RawOutput,
    IReadOnlyList<string>? ParsedAnswer,
    IReadOnlyList<string> RetrievedIds,
    int InputTokens,
    int OutputTokens,
    double RetrievalMs,
    double ModelMs,
    double TotalMs,
    bool ModelCalled = true,
    double? TtftMs = null,
    int? TokenizerInputTokens = null,
    int? CachedInputTokens = null,
    string? ContextNote = null,
    string? Route = null,
    bool CacheHit = false,
    int? Attempts = null,
    double? BackoffMs = null,
    double? ModelWallMs = null,
    int PrefixTokens = 0,
    int EmbeddedTokens = 0)
{
    /// <summary>The answering model's confidence, when it reports one (for Self-Route, the reader's); lets routing rules be replayed.</summary>
    public double? Confidence { get; init; }

    /// <summary>The share of the model's text encodings an embedding cache served (the extractive reader reports it); measured latency depends on it, cost does not.</summary>
    public double? EncodingsCached { get; init; }

    /// <summary>Each model call made for the query, in order, each priced at its own model's price; the fields above are their totals.</summary>
    public IReadOnlyList<ModelUsage> Calls { get; init; } = [];

    /// <summary>The output of <paramref name="modelId"/>'s reply, with the pipeline's own retrieval and total times.</summary>
    /// <param name="prefixTokens">Prompt tokens shared with the task's other queries.</param>
    public static PipelineOutput From(string modelId, ModelReply reply, IReadOnlyList<string> retrievedIds, double retrievalMs, double totalMs, string? contextNote = null, int prefixTokens = 0)
        => new(reply.Output, reply.Parsed, retrievedIds, reply.InputTokens, reply.OutputTokens, retrievalMs, reply.ModelMs, totalMs, true, reply.TtftMs, reply.TokenizerInputTokens, reply.CachedInputTokens, string.Join("; ", new[] { contextNote, reply.Note }.OfType<string>()) is { Length: > 0 } note ? note : null, CacheHit: reply.CacheHit, Attempts: reply.Attempts, BackoffMs: reply.BackoffMs, ModelWallMs: reply.WallMs ?? reply.ModelMs, PrefixTokens: prefixTokens)
        {
            Confidence = reply.Confidence, EncodingsCached = reply.EncodingsCached, Calls = [ModelUsage.Of(modelId, reply, prefixTokens)],
        };
}
