using System.Runtime.CompilerServices;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Pipelines.Retrieval;

/// <summary>Lexical retrieval with BM25 over title and text; the index is built once per corpus and kept for the run.</summary>
public sealed class Bm25Retriever(double k1 = 1.2, double b = 0.75) : IRetriever
{
    private readonly ConditionalWeakTable<IReadOnlyList<Document>, Bm25Index> indexes = new();

    public string Name => "bm25";

    public Task IndexAsync(IReadOnlyList<Document> corpus, CancellationToken cancellationToken = default)
    {
        IndexFor(corpus);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RetrievedDocument>> RetrieveAsync(IReadOnlyList<Document> corpus, string query, int topK, CancellationToken cancellationToken = default)
    {
        var hits = IndexFor(corpus).Search(query, topK);
        return Task.FromResult<IReadOnlyList<RetrievedDocument>>(hits.Select(h => new RetrievedDocument(corpus[h.Document], (float)h.Score)).ToList());
    }

    /// <summary>Ranks only the allowed documents (the same scores as over the whole corpus, restricted).</summary>
    public Task<IReadOnlyList<RetrievedDocument>> RetrieveWithinAsync(IReadOnlyList<Document> corpus, string query, int topK, IReadOnlySet<string> documentIds, CancellationToken cancellationToken = default)
    {
        var allowed = Enumerable.Range(0, corpus.Count).Where(i => documentIds.Contains(corpus[i].Id)).ToHashSet();
        var hits = IndexFor(corpus).Search(query, topK, allowed);
        return Task.FromResult<IReadOnlyList<RetrievedDocument>>(hits.Select(h => new RetrievedDocument(corpus[h.Document], (float)h.Score)).ToList());
    }

    private Bm25Index IndexFor(IReadOnlyList<Document> corpus)
        => indexes.GetValue(corpus, c => new Bm25Index(c.Select(DenseRetriever.DocumentText).ToList(), k1, b));
}
