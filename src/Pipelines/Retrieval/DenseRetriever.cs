using System.Runtime.CompilerServices;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Embeddings;
using LoftCompare.Pipelines.Indexing;
using Microsoft.Extensions.AI;

namespace LoftCompare.Pipelines.Retrieval;

/// <summary>
/// Embeds documents (title and text; chunked when longer than the encoder's window) and queries with one encoder and
/// searches a vector index by cosine similarity; a document scores by its best chunk. A corpus already in the index
/// for this model is not embedded again.
/// </summary>
public sealed class DenseRetriever(IEmbeddingGenerator<string, Embedding<float>> embeddings, IVectorIndex index, string embeddingModel) : IRetriever
{
    private const int UpsertBatch = 256;
    private readonly ConditionalWeakTable<IReadOnlyList<Document>, CorpusState> states = new();

    public string Name => $"dense:{embeddingModel}";

    public bool EmbedsText => true;

    /// <summary>Collections are keyed by corpus content and model, so a corpus is embedded once per model.</summary>
    public string CollectionFor(IReadOnlyList<Document> corpus) => State(corpus).Collection;

    public async Task IndexAsync(IReadOnlyList<Document> corpus, CancellationToken cancellationToken = default)
    {
        var state = State(corpus);
        var dimensions = embeddings.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions
            ?? (await embeddings.GenerateAsync(["dimension probe"], cancellationToken: cancellationToken))[0].Vector.Length;
        var existing = await index.EnsureCollectionAsync(state.Collection, dimensions, cancellationToken);
        if (existing == state.Chunks.Count)
        {
            return; // embedded by an earlier run (or earlier in this one)
        }

        foreach (var batch in state.Chunks.Chunk(UpsertBatch))
        {
            var vectors = await embeddings.GenerateAsync(batch.Select(c => c.Text), cancellationToken: cancellationToken);
            await index.UpsertAsync(state.Collection, batch.Select((c, i) => new VectorRecord(c.Id, c.DocumentId, vectors[i].Vector)).ToList(), cancellationToken);
        }

        await index.CommitAsync(state.Collection, cancellationToken);
    }

    public async Task<IReadOnlyList<RetrievedDocument>> RetrieveAsync(IReadOnlyList<Document> corpus, string query, int topK, CancellationToken cancellationToken = default)
    {
        var state = State(corpus);
        var vector = (await embeddings.GenerateAsync([query], EmbeddingInputType.ForQueries(), cancellationToken))[0].Vector;

        // Ask for more chunks than documents wanted, widening until topK distinct documents are found or the index is exhausted.
        var wanted = Math.Min(topK, corpus.Count);
        for (var chunksAsked = Math.Min(state.Chunks.Count, topK * state.ChunksPerDocumentBound); ; chunksAsked = Math.Min(state.Chunks.Count, chunksAsked * 2))
        {
            var hits = await index.SearchAsync(state.Collection, vector, chunksAsked, cancellationToken);
            var best = hits.GroupBy(h => h.DocumentId, StringComparer.Ordinal)
                .Select(g => (DocumentId: g.Key, Score: g.Max(h => h.Score)))
                .OrderByDescending(d => d.Score)
                .Take(topK)
                .ToList();
            if (best.Count >= wanted || chunksAsked >= state.Chunks.Count)
            {
                return best.Select(d => new RetrievedDocument(state.DocumentsById[d.DocumentId], d.Score)).ToList();
            }
        }
    }

    /// <summary>One filtered search inside the index, with the query embedded once (chunks of other documents are never scored).</summary>
    public async Task<IReadOnlyList<RetrievedDocument>> RetrieveWithinAsync(IReadOnlyList<Document> corpus, string query, int topK, IReadOnlySet<string> documentIds, CancellationToken cancellationToken = default)
    {
        var state = State(corpus);
        var vector = (await embeddings.GenerateAsync([query], EmbeddingInputType.ForQueries(), cancellationToken))[0].Vector;

        // Every chunk of every allowed document can be asked for at once: documents score by their best chunk.
        var chunks = documentIds.Sum(id => state.ChunksPerDocument.GetValueOrDefault(id));
        var hits = await index.SearchWithinAsync(state.Collection, vector, Math.Max(1, Math.Min(chunks, topK * state.ChunksPerDocumentBound)), documentIds, cancellationToken);
        if (hits.Count < chunks && hits.Select(h => h.DocumentId).Distinct().Count() < Math.Min(topK, documentIds.Count(state.DocumentsById.ContainsKey)))
        {
            hits = await index.SearchWithinAsync(state.Collection, vector, chunks, documentIds, cancellationToken);
        }

        return hits.GroupBy(h => h.DocumentId, StringComparer.Ordinal)
            .Select(g => (DocumentId: g.Key, Score: g.Max(h => h.Score)))
            .OrderByDescending(d => d.Score)
            .Take(topK)
            .Select(d => new RetrievedDocument(state.DocumentsById[d.DocumentId], d.Score))
            .ToList();
    }

    public static string DocumentText(Document document)
        => string.IsNullOrEmpty(document.Title) ? document.Text : $"{document.Title}\n{document.Text}";

    private static string SafeName(string name) => string.Concat(name.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '-' or '_' ? ch : '_'));

    private CorpusState State(IReadOnlyList<Document> corpus)
        => states.GetValue(corpus, c =>
        {
            var window = embeddings.GetService<ITokenWindow>();
            var chunker = window is null ? null : new DocumentChunker(window);
            var chunks = c.SelectMany(d => chunker?.Chunk(d) ?? [new DocumentChunk(d.Id, 0, DocumentText(d))]).ToList();
            var collection = $"{CorpusHasher.Hash(c)[..16]}-{SafeName(embeddingModel)}";
            var perDocument = chunks.CountBy(ch => ch.DocumentId).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            var bound = perDocument.Values.DefaultIfEmpty(1).Max();
            return new CorpusState(collection, chunks, c.ToDictionary(d => d.Id, StringComparer.Ordinal), bound, perDocument);
        });

    private sealed record CorpusState(string Collection, IReadOnlyList<DocumentChunk> Chunks, IReadOnlyDictionary<string, Document> DocumentsById, int ChunksPerDocumentBound, IReadOnlyDictionary<string, int> ChunksPerDocument);
}
