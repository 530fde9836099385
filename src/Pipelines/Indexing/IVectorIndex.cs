namespace LoftCompare.Pipelines.Indexing;

/// <summary>A store of unit vectors searched by cosine similarity, one collection per (corpus, embedding model).</summary>
public interface IVectorIndex
{
    /// <summary>Creates the collection if missing; returns how many vectors it already holds (0 when new).</summary>
    /// <exception cref="InvalidOperationException">The collection exists with another dimension.</exception>
    Task<int> EnsureCollectionAsync(string collection, int dimensions, CancellationToken cancellationToken = default);

    /// <summary>Adds or replaces records by id.</summary>
    Task UpsertAsync(string collection, IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default);

    /// <summary>Makes the upserts so far durable (a no-op for servers that persist each upsert).</summary>
    Task CommitAsync(string collection, CancellationToken cancellationToken = default);

    /// <summary>The <paramref name="topK"/> nearest records, best first.</summary>
    Task<IReadOnlyList<VectorHit>> SearchAsync(string collection, ReadOnlyMemory<float> query, int topK, CancellationToken cancellationToken = default);

    /// <summary>
    /// The <paramref name="topK"/> nearest records whose document is one of <paramref name="documentIds"/>, best first:
    /// the filter is applied inside the index (a query's own context is one search, not a widening series).
    /// </summary>
    Task<IReadOnlyList<VectorHit>> SearchWithinAsync(string collection, ReadOnlyMemory<float> query, int topK, IReadOnlySet<string> documentIds, CancellationToken cancellationToken = default);
}
