using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Pipelines.Running;

/// <summary>One way of answering queries over a corpus: prepared once per task set, then run per query.</summary>
public interface IPipeline
{
    /// <summary>The pipeline's name in results (<c>rag</c>, <c>long-context</c>).</summary>
    string Name { get; }

    /// <summary>The model that answers for <paramref name="kind"/> (for retrieval on the RAG side, the retriever itself).</summary>
    string ModelIdFor(TaskKind kind);

    Task PrepareAsync(TaskSet taskSet, CancellationToken cancellationToken = default);

    /// <summary>The one-off work this pipeline does for a task set (embedding its corpus, a shared prompt prefix), priced as setup cost.</summary>
    SetupWork DescribeSetup(TaskSet taskSet) => SetupWork.None;

    /// <summary>Answers one query; throws on failure (the runner records the error and goes on).</summary>
    Task<PipelineOutput> RunAsync(TaskSet taskSet, Query query, CancellationToken cancellationToken = default);
}
