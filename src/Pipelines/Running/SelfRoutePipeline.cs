using System.Diagnostics;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Prompts;
using LoftCompare.Pipelines.Retrieval;

namespace LoftCompare.Pipelines.Running;

/// <summary>
/// Self-Route (Li et al., 2024): RAG first, with the reader allowed to answer "unanswerable"; the queries it declines go
/// to long context. Each row records the route taken; tokens, time and cost include both calls when both were made.
/// On retrieval tasks the retriever's ranking cannot decline, so the route is always RAG.
/// </summary>
public sealed class SelfRoutePipeline(IRetriever retriever, int topK, ModelCall reader, string readerModelId, LongContextPipeline longContext, string longContextModelId, LoftPromptFormat format) : IPipeline
{
    public const string PipelineName = "self-route";

    public string Name => PipelineName;

    public string ModelIdFor(TaskKind kind) => kind == TaskKind.Retrieval ? retriever.Name : $"{readerModelId}→{longContextModelId}";

    public Task PrepareAsync(TaskSet taskSet, CancellationToken cancellationToken = default) => retriever.IndexAsync(taskSet.Corpus, cancellationToken);

    public async Task<PipelineOutput> RunAsync(TaskSet taskSet, Query query, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var retrieved = await retriever.RetrieveAsync(taskSet.Corpus, query.Text, topK, cancellationToken);
        var retrievalMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var retrievedIds = retrieved.Select(r => r.Document.Id).ToList();
        if (taskSet.Kind == TaskKind.Retrieval)
        {
            var ranking = $"{LoftPromptFormat.FinalAnswerMarker} {LoftPromptFormat.FormatList(retrievedIds, quote: false)}";
            return new PipelineOutput(ranking, retrievedIds, retrievedIds, 0, 0, retrievalMs, 0, Stopwatch.GetElapsedTime(started).TotalMilliseconds, ModelCalled: false, Route: RagPipeline.PipelineName);
        }

        var prompt = format.Build(taskSet, retrieved.Select(r => r.Document).ToList(), query, allowUnanswerable: true);
        var reply = await reader.SendAsync(taskSet.Kind, prompt.Text, cancellationToken);
        var declined = reply.Parsed is { Count: 1 } answer && answer[0].Trim().Equals(LoftPromptFormat.Unanswerable, StringComparison.OrdinalIgnoreCase);
        if (!declined)
        {
            return PipelineOutput.From(reply, retrievedIds, retrievalMs, Stopwatch.GetElapsedTime(started).TotalMilliseconds) with { Route = RagPipeline.PipelineName };
        }

        var fallback = await longContext.RunAsync(taskSet, query, cancellationToken);
        return fallback with
        {
            RetrievedIds = retrievedIds,
            RetrievalMs = retrievalMs,
            // Totals over both calls; Fallback keeps the long-context share so each part is priced at its own model's price.
            InputTokens = reply.InputTokens + fallback.InputTokens,
            CachedInputTokens = reply.CachedInputTokens is null && fallback.CachedInputTokens is null ? null : (reply.CachedInputTokens ?? 0) + (fallback.CachedInputTokens ?? 0),
            OutputTokens = reply.OutputTokens + fallback.OutputTokens,
            ModelMs = reply.ModelMs + fallback.ModelMs,
            TotalMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            TokenizerInputTokens = reply.TokenizerInputTokens + (fallback.TokenizerInputTokens ?? fallback.InputTokens),
            Route = LongContextPipeline.PipelineName,
            Fallback = new FallbackCall(longContextModelId, fallback.InputTokens, fallback.CachedInputTokens, fallback.OutputTokens, fallback.ModelMs),
        };
    }
}
