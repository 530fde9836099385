using System.Diagnostics;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Kinds;
using LoftCompare.Pipelines.Prompts;
using LoftCompare.Pipelines.Retrieval;

namespace LoftCompare.Pipelines.Running;

/// <summary>
/// Self-Route (Li et al., 2024): RAG first, with the reader allowed to answer "unanswerable"; the queries it declines go
/// to long context. Each row records the route taken; tokens, time and cost include both calls when both were made.
/// Where the retriever's ranking is the answer (retrieval tasks) it cannot decline, so the route is always RAG.
/// </summary>
/// <param name="kinds">How each kind is answered after retrieval: the catalog's kinds, plug-ins' included.</param>
public sealed class SelfRoutePipeline(IRetriever retriever, int topK, ModelCall reader, string readerModelId, LongContextPipeline longContext, string longContextModelId, IPromptFormat format, TaskKindProfiles kinds) : IPipeline
{
    public const string PipelineName = "self-route";

    private readonly RagPipeline rag = new(retriever, topK, reader, readerModelId, format, kinds, allowUnanswerable: true);

    public string Name => PipelineName;

    public string ModelIdFor(TaskKind kind) => kinds[kind].Rag == RagStep.RetrieverAnswers ? retriever.Name : $"{readerModelId}→{longContextModelId}";

    public Task PrepareAsync(TaskSet taskSet, CancellationToken cancellationToken = default) => rag.PrepareAsync(taskSet, cancellationToken);

    /// <summary>The retriever's corpus embedding, and (except on retrieval tasks, which never fall back) the long-context model's corpus prefix, kept warm for fallbacks.</summary>
    public SetupWork DescribeSetup(TaskSet taskSet)
    {
        var embedding = rag.DescribeSetup(taskSet);
        return kinds[taskSet.Kind].Rag == RagStep.RetrieverAnswers ? embedding : longContext.DescribeSetup(taskSet) with { EmbeddedTokens = embedding.EmbeddedTokens };
    }

    public async Task<PipelineOutput> RunAsync(TaskSet taskSet, Query query, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var first = await rag.RunAsync(taskSet, query, cancellationToken);
        var declined = first.ParsedAnswer is { Count: 1 } answer && answer[0].Trim().Equals(LoftPromptFormat.Unanswerable, StringComparison.OrdinalIgnoreCase);
        if (!declined)
        {
            return first with { Route = RagPipeline.PipelineName };
        }

        var fallback = await longContext.RunAsync(taskSet, query, cancellationToken);
        return fallback with
        {
            RetrievedIds = first.RetrievedIds,
            RetrievalMs = first.RetrievalMs,
            // Totals over both calls; each call is kept on its own, to be priced at its own model's price.
            InputTokens = first.InputTokens + fallback.InputTokens,
            CachedInputTokens = first.CachedInputTokens is null && fallback.CachedInputTokens is null ? null : (first.CachedInputTokens ?? 0) + (fallback.CachedInputTokens ?? 0),
            OutputTokens = first.OutputTokens + fallback.OutputTokens,
            ModelMs = first.ModelMs + fallback.ModelMs,
            Attempts = (first.Attempts ?? 0) + (fallback.Attempts ?? 0),
            BackoffMs = (first.BackoffMs ?? 0) + (fallback.BackoffMs ?? 0),
            ModelWallMs = (first.ModelWallMs ?? first.ModelMs) + (fallback.ModelWallMs ?? fallback.ModelMs),
            TotalMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            TokenizerInputTokens = (first.TokenizerInputTokens ?? first.InputTokens) + (fallback.TokenizerInputTokens ?? fallback.InputTokens),
            Route = LongContextPipeline.PipelineName,
            Confidence = first.Confidence,
            Calls = [.. first.Calls, .. fallback.Calls],
            PrefixTokens = fallback.PrefixTokens,
            EmbeddedTokens = first.EmbeddedTokens,
        };
    }
}
