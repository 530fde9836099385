namespace LoftCompare.Pipelines.Indexing;

/// <summary>A store of unit vectors searched by cosine similarity, one collection per (corpus, embedding model).</summary>
public interface IVectorIndex
{
    /// <summary>Creates the collection if missing; returns how many vectors it already holds (0 when new).</summary>
    Task<int> EnsureCollectionAsync(string collection, int dimensions, CancellationToken cancellationToken = default);

    Task UpsertAsync(string collection, IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default);

    /// <summary>The <paramref name="topK"/> nearest vectors, best first; ties keep insertion order.</summary>
    Task<IReadOnlyList<VectorHit>> SearchAsync(string collection, ReadOnlyMemory<float> query, int topK, CancellationToken cancellationToken = default);
}
