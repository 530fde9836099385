using System.Diagnostics;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Prompts;
using LoftCompare.Pipelines.Retrieval;

namespace LoftCompare.Pipelines.Running;

/// <summary>
/// Retrieve the top-k documents, then have a short-context reader answer from them in the same prompt format.
/// For retrieval tasks the retriever's ranking is the prediction (LOFT's retrieval baseline) and no model is called.
/// </summary>
/// <param name="allowUnanswerable">Let the reader answer "unanswerable" (the first leg of Self-Route).</param>
public sealed class RagPipeline(IRetriever retriever, int topK, ModelCall reader, string readerModelId, LoftPromptFormat format, bool allowUnanswerable = false) : IPipeline
{
    public const string PipelineName = "rag";

    public string Name => PipelineName;

    public string ModelIdFor(TaskKind kind) => kind == TaskKind.Retrieval ? retriever.Name : readerModelId;

    public Task PrepareAsync(TaskSet taskSet, CancellationToken cancellationToken = default)
        => retriever.IndexAsync(taskSet.Corpus, cancellationToken);

    public async Task<PipelineOutput> RunAsync(TaskSet taskSet, Query query, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var retrieved = await retriever.RetrieveAsync(taskSet.Corpus, query.Text, topK, cancellationToken);
        var retrievalMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var retrievedIds = retrieved.Select(r => r.Document.Id).ToList();
        if (taskSet.Kind == TaskKind.Retrieval)
        {
            var ranking = $"{LoftPromptFormat.FinalAnswerMarker} {LoftPromptFormat.FormatList(retrievedIds, quote: false)}";
            return new PipelineOutput(ranking, retrievedIds, retrievedIds, 0, 0, retrievalMs, 0, Stopwatch.GetElapsedTime(started).TotalMilliseconds, ModelCalled: false);
        }

        var prompt = format.Build(taskSet, retrieved.Select(r => r.Document).ToList(), query, allowUnanswerable);
        var reply = await reader.SendAsync(taskSet.Kind, prompt.Text, cancellationToken);
        return PipelineOutput.From(reply, retrievedIds, retrievalMs, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}
