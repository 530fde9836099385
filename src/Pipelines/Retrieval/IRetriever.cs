using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Pipelines.Retrieval;

/// <summary>Finds the documents of a corpus most relevant to a query.</summary>
public interface IRetriever
{
    /// <summary>The name recorded with results (e.g. <c>dense:all-MiniLM-L6-v2</c>).</summary>
    string Name { get; }

    /// <summary>Indexes the corpus once; later calls for the same corpus reuse the index.</summary>
    Task IndexAsync(IReadOnlyList<Document> corpus, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<RetrievedDocument>> RetrieveAsync(IReadOnlyList<Document> corpus, string query, int topK, CancellationToken cancellationToken = default);
}
