using System.Collections.Concurrent;
using Microsoft.Extensions.VectorData;

namespace LoftCompare.Pipelines.Indexing.VectorData;

/// <summary>
/// The RAG index on any Microsoft.Extensions.VectorData <see cref="VectorStore"/> (a plug-in's store, or ours through
/// <see cref="IndexVectorStore"/>): collections of <see cref="PassageSchema"/> records, upserted in batches, searched
/// top-k, and searched within a query's own documents with a filter on <c>document_id</c> inside the store. The
/// abstraction has no record count, so an existing collection is reported empty and the retriever upserts the corpus
/// again (from the embedding cache: no encoder work).
/// </summary>
public sealed class VectorStoreIndex(VectorStore store) : IVectorIndex
{
    private readonly ConcurrentDictionary<string, VectorStoreCollection<object, Dictionary<string, object?>>> collections = new(StringComparer.Ordinal);

    public async Task<int> EnsureCollectionAsync(string collection, int dimensions, CancellationToken cancellationToken = default)
    {
        var opened = collections.GetOrAdd(collection, name => store.GetDynamicCollection(name, PassageSchema.Definition(dimensions)));
        await opened.EnsureCollectionExistsAsync(cancellationToken);
        return 0;
    }

    public Task UpsertAsync(string collection, IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default)
        => Opened(collection).UpsertAsync(records.Select(PassageSchema.Record), cancellationToken);

    public Task CommitAsync(string collection, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<IReadOnlyList<VectorHit>> SearchAsync(string collection, ReadOnlyMemory<float> query, int topK, CancellationToken cancellationToken = default)
        => SearchAsync(collection, query, topK, null, cancellationToken);

    public Task<IReadOnlyList<VectorHit>> SearchWithinAsync(string collection, ReadOnlyMemory<float> query, int topK, IReadOnlySet<string> documentIds, CancellationToken cancellationToken = default)
    {
        var allowed = documentIds.ToArray();
        return SearchAsync(collection, query, topK, new VectorSearchOptions<Dictionary<string, object?>> { Filter = r => allowed.Contains((string)r[PassageSchema.DocumentId]!) }, cancellationToken);
    }

    private async Task<IReadOnlyList<VectorHit>> SearchAsync(string collection, ReadOnlyMemory<float> query, int topK, VectorSearchOptions<Dictionary<string, object?>>? options, CancellationToken cancellationToken)
    {
        var hits = new List<VectorHit>();
        await foreach (var result in Opened(collection).SearchAsync(query, topK, options, cancellationToken))
        {
            hits.Add(new VectorHit((string)result.Record[PassageSchema.Id]!, PassageSchema.DocumentOf(result.Record), (float)(result.Score ?? 0)));
        }

        return hits;
    }

    private VectorStoreCollection<object, Dictionary<string, object?>> Opened(string collection)
        => collections.TryGetValue(collection, out var opened) ? opened : throw new InvalidOperationException($"Collection '{collection}' was not opened; call EnsureCollectionAsync first.");
}
