using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Pipelines.Retrieval;

/// <summary>Finds the documents of a corpus most relevant to a query.</summary>
public interface IRetriever
{
    /// <summary>The name recorded with results (e.g. <c>dense:all-MiniLM-L6-v2</c>).</summary>
    string Name { get; }

    /// <summary>Whether the retriever embeds text (corpus and queries) with an encoder; BM25 does not.</summary>
    bool EmbedsText => false;

    /// <summary>Indexes the corpus once; later calls for the same corpus reuse the index.</summary>
    Task IndexAsync(IReadOnlyList<Document> corpus, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<RetrievedDocument>> RetrieveAsync(IReadOnlyList<Document> corpus, string query, int topK, CancellationToken cancellationToken = default);

    /// <summary>
    /// The top-k among <paramref name="documentIds"/> only (a query's own context, as in HELMET and RULER), equal to the
    /// unfiltered ranking restricted to them. Retrievers that can filter inside their index override this with one
    /// search; the default asks the unfiltered ranking for more until k of them are found.
    /// </summary>
    async Task<IReadOnlyList<RetrievedDocument>> RetrieveWithinAsync(IReadOnlyList<Document> corpus, string query, int topK, IReadOnlySet<string> documentIds, CancellationToken cancellationToken = default)
    {
        var wanted = Math.Min(topK, documentIds.Count);
        for (var asked = topK * 4; ; asked *= 2)
        {
            var hits = await RetrieveAsync(corpus, query, Math.Min(asked, corpus.Count), cancellationToken);
            var inside = hits.Where(h => documentIds.Contains(h.Document.Id)).Take(topK).ToList();
            if (inside.Count >= wanted || asked >= corpus.Count)
            {
                return inside;
            }
        }
    }
}
