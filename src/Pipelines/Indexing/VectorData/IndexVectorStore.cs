using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.VectorData;

namespace LoftCompare.Pipelines.Indexing.VectorData;

/// <summary>
/// One of our indexes — the embedded exact index or Qdrant — as a Microsoft.Extensions.VectorData
/// <see cref="VectorStore"/>: dynamic collections of <see cref="PassageSchema"/> records (key, document id, embedding),
/// upsert in batches and vector search with an optional filter. What our indexes do not do (read records back by key or
/// filter, delete) says so.
/// </summary>
public sealed class IndexVectorStore(IVectorIndex index) : VectorStore
{
    public override VectorStoreCollection<TKey, TRecord> GetCollection<TKey, TRecord>(string name, VectorStoreCollectionDefinition? definition = null)
        => throw new NotSupportedException("This store holds dynamic collections (Dictionary<string, object?> records of PassageSchema); use GetDynamicCollection.");

    public override VectorStoreCollection<object, Dictionary<string, object?>> GetDynamicCollection(string name, VectorStoreCollectionDefinition definition)
        => new IndexVectorStoreCollection(index, name, definition);

    public override IAsyncEnumerable<string> ListCollectionNamesAsync(CancellationToken cancellationToken = default)
        => throw new NotSupportedException("Our index does not list its collections; they are keyed by corpus hash and model.");

    public override Task<bool> CollectionExistsAsync(string name, CancellationToken cancellationToken = default)
        => throw new NotSupportedException("Our index opens collections by name and dimension; use EnsureCollectionExistsAsync.");

    public override Task EnsureCollectionDeletedAsync(string name, CancellationToken cancellationToken = default)
        => throw new NotSupportedException("Our index keeps its collections in the data dir; delete the file to drop one.");

    public override object? GetService(Type serviceType, object? serviceKey = null) => serviceKey is null && serviceType.IsInstanceOfType(index) ? index : null;
}

/// <summary>One collection of one of our indexes through the VectorData API.</summary>
public sealed class IndexVectorStoreCollection(IVectorIndex index, string name, VectorStoreCollectionDefinition definition)
    : VectorStoreCollection<object, Dictionary<string, object?>>
{
    private readonly int dimensions = definition.Properties.OfType<VectorStoreVectorProperty>().Single().Dimensions;
    private int count;
    private bool dirty;

    public override string Name => name;

    public override Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default)
        => throw new NotSupportedException("Our indexes open collections by name and dimension; use EnsureCollectionExistsAsync.");

    public override async Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default)
        => count = await index.EnsureCollectionAsync(name, dimensions, cancellationToken);

    public override Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default)
        => throw new NotSupportedException("Our index keeps its collections in the data dir; delete the file to drop one.");

    public override Task<Dictionary<string, object?>?> GetAsync(object key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
        => throw new NotSupportedException("Our index is searched, not read back by key.");

    public override IAsyncEnumerable<Dictionary<string, object?>> GetAsync(Expression<Func<Dictionary<string, object?>, bool>> filter, int top, FilteredRecordRetrievalOptions<Dictionary<string, object?>>? options = null, CancellationToken cancellationToken = default)
        => throw new NotSupportedException("Our index is searched, not read back by filter.");

    public override Task DeleteAsync(object key, CancellationToken cancellationToken = default)
        => throw new NotSupportedException("Our index does not delete records; a changed corpus gets a new collection.");

    public override Task UpsertAsync(Dictionary<string, object?> record, CancellationToken cancellationToken = default) => UpsertAsync([record], cancellationToken);

    public override async Task UpsertAsync(IEnumerable<Dictionary<string, object?>> records, CancellationToken cancellationToken = default)
    {
        await index.UpsertAsync(name, records.Select(r => new VectorRecord((string)r[PassageSchema.Id]!, PassageSchema.DocumentOf(r), r[PassageSchema.Embedding] switch
        {
            ReadOnlyMemory<float> memory => memory,
            float[] array => array,
            var other => throw new ArgumentException($"'{PassageSchema.Embedding}' must be ReadOnlyMemory<float> or float[], not {other?.GetType().Name ?? "null"}."),
        })).ToList(), cancellationToken);
        dirty = true;
    }

    public override async IAsyncEnumerable<VectorSearchResult<Dictionary<string, object?>>> SearchAsync<TInput>(TInput searchValue, int top, VectorSearchOptions<Dictionary<string, object?>>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ReadOnlyMemory<float> query = searchValue switch
        {
            ReadOnlyMemory<float> memory => memory,
            float[] array => array,
            _ => throw new NotSupportedException($"This store searches with a vector (ReadOnlyMemory<float> or float[]), not {typeof(TInput).Name}."),
        };
        if (dirty)
        {
            await index.CommitAsync(name, cancellationToken);
            dirty = false;
        }

        // A filter is evaluated on each candidate's key and document id, over the whole ranking, so it is exact.
        var keep = options?.Filter?.Compile();
        var skip = options?.Skip ?? 0;
        var hits = await index.SearchAsync(name, query, keep is null ? top + skip : Math.Max(top + skip, int.MaxValue / 2), cancellationToken);
        foreach (var hit in hits.Select(h => (Record: new Dictionary<string, object?> { [PassageSchema.Id] = h.Id, [PassageSchema.DocumentId] = h.DocumentId }, h.Score))
                     .Where(h => keep is null || keep(h.Record)).Skip(skip).Take(top))
        {
            yield return new VectorSearchResult<Dictionary<string, object?>>(hit.Record, hit.Score);
        }
    }

    public override object? GetService(Type serviceType, object? serviceKey = null) => null;
}
