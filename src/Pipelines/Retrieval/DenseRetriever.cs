using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Indexing;
using Microsoft.Extensions.AI;

namespace LoftCompare.Pipelines.Retrieval;

/// <summary>Embeds documents (title and text) and queries with one encoder and searches a vector index by cosine similarity.</summary>
public sealed class DenseRetriever(IEmbeddingGenerator<string, Embedding<float>> embeddings, IVectorIndex index, string embeddingModel) : IRetriever
{
    private const int UpsertBatch = 256;

    public string Name => $"dense:{embeddingModel}";

    /// <summary>Collections are keyed by corpus content and model, so a corpus is embedded once per model.</summary>
    public string CollectionFor(IReadOnlyList<Document> corpus)
        => $"{CorpusHasher.Hash(corpus)[..16]}-{embeddingModel}";

    public async Task IndexAsync(IReadOnlyList<Document> corpus, CancellationToken cancellationToken = default)
    {
        var collection = CollectionFor(corpus);
        var probe = await embeddings.GenerateAsync(["dimension probe"], cancellationToken: cancellationToken);
        var existing = await index.EnsureCollectionAsync(collection, probe[0].Vector.Length, cancellationToken);
        if (existing == corpus.Count)
        {
            return;
        }

        foreach (var chunk in corpus.Chunk(UpsertBatch))
        {
            var vectors = await embeddings.GenerateAsync(chunk.Select(DocumentText), cancellationToken: cancellationToken);
            await index.UpsertAsync(collection, chunk.Select((d, i) => new VectorRecord(d.Id, vectors[i].Vector)).ToList(), cancellationToken);
        }
    }

    public async Task<IReadOnlyList<RetrievedDocument>> RetrieveAsync(IReadOnlyList<Document> corpus, string query, int topK, CancellationToken cancellationToken = default)
    {
        var vector = await embeddings.GenerateAsync([query], cancellationToken: cancellationToken);
        var hits = await index.SearchAsync(CollectionFor(corpus), vector[0].Vector, topK, cancellationToken);
        var byId = corpus.ToDictionary(d => d.Id, StringComparer.Ordinal);
        return hits.Select(h => new RetrievedDocument(byId[h.Id], h.Score)).ToList();
    }

    public static string DocumentText(Document document)
        => string.IsNullOrEmpty(document.Title) ? document.Text : $"{document.Title}\n{document.Text}";
}
