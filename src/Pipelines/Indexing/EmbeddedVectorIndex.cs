using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LoftCompare.Pipelines.Indexing;

/// <summary>
/// Exact in-process search with SIMD dot products over unit vectors (so the dot product is the cosine); needs no server.
/// With a folder, each collection is persisted there on <see cref="CommitAsync"/> and reopened by later runs; a file that
/// is corrupt or from another format version is discarded and rebuilt, never used.
/// </summary>
public sealed partial class EmbeddedVectorIndex : IVectorIndex
{
    private readonly ConcurrentDictionary<string, VectorCollection> collections = new(StringComparer.Ordinal);
    private readonly string? folder;
    private readonly ILogger logger;

    /// <summary>An index kept in memory only.</summary>
    public EmbeddedVectorIndex()
        : this(null)
    {
    }

    /// <summary>An index persisted under <paramref name="folder"/> (one <c>.lcvi</c> file per collection).</summary>
    public EmbeddedVectorIndex(string? folder, ILogger<EmbeddedVectorIndex>? logger = null)
    {
        this.folder = folder;
        this.logger = logger ?? NullLogger<EmbeddedVectorIndex>.Instance;
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }
    }

    public Task<int> EnsureCollectionAsync(string collection, int dimensions, CancellationToken cancellationToken = default)
    {
        var existing = collections.GetOrAdd(collection, name => Open(name, dimensions));
        if (existing.Dimensions != dimensions)
        {
            throw new InvalidOperationException($"Collection '{collection}' holds {existing.Dimensions}-dimension vectors, not {dimensions}.");
        }

        return Task.FromResult(existing.Count);
    }

    public Task UpsertAsync(string collection, IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default)
    {
        var target = Get(collection);
        lock (target)
        {
            foreach (var record in records)
            {
                target.Upsert(record);
            }
        }

        return Task.CompletedTask;
    }

    public Task CommitAsync(string collection, CancellationToken cancellationToken = default)
    {
        if (folder is null)
        {
            return Task.CompletedTask;
        }

        var target = Get(collection);
        lock (target)
        {
            VectorCollectionFile.Write(PathOf(collection), target);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<VectorHit>> SearchAsync(string collection, ReadOnlyMemory<float> query, int topK, CancellationToken cancellationToken = default)
    {
        var target = Get(collection);
        if (query.Length != target.Dimensions)
        {
            throw new ArgumentException($"Query has {query.Length} dimensions; collection '{collection}' has {target.Dimensions}.", nameof(query));
        }

        lock (target)
        {
            return Task.FromResult(target.Search(query.Span, topK));
        }
    }

    public Task<IReadOnlyList<VectorHit>> SearchWithinAsync(string collection, ReadOnlyMemory<float> query, int topK, IReadOnlySet<string> documentIds, CancellationToken cancellationToken = default)
    {
        var target = Get(collection);
        if (query.Length != target.Dimensions)
        {
            throw new ArgumentException($"Query has {query.Length} dimensions; collection '{collection}' has {target.Dimensions}.", nameof(query));
        }

        lock (target)
        {
            return Task.FromResult(target.SearchWithin(query.Span, topK, documentIds));
        }
    }

    /// <summary>The file a collection is persisted in, or null for a memory-only index.</summary>
    public string? FileOf(string collection) => folder is null ? null : PathOf(collection);

    private VectorCollection Open(string collection, int dimensions)
    {
        if (!SafeName().IsMatch(collection))
        {
            throw new ArgumentException($"Collection name '{collection}' may hold only letters, digits, '.', '_' and '-'.", nameof(collection));
        }

        if (folder is null || !File.Exists(PathOf(collection)))
        {
            return new VectorCollection(dimensions);
        }

        try
        {
            return VectorCollectionFile.Read(PathOf(collection));
        }
        catch (InvalidDataException ex)
        {
            logger.LogWarning("Discarding vector index file {File} and rebuilding it: {Reason}", PathOf(collection), ex.Message);
            File.Delete(PathOf(collection));
            return new VectorCollection(dimensions);
        }
    }

    private string PathOf(string collection) => Path.Combine(folder!, collection + VectorCollectionFile.Extension);

    private VectorCollection Get(string collection)
        => collections.TryGetValue(collection, out var found) ? found : throw new InvalidOperationException($"Collection '{collection}' does not exist; call EnsureCollectionAsync first.");

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex SafeName();
}
