using System.Collections.Concurrent;
using System.Numerics.Tensors;

namespace LoftCompare.Pipelines.Indexing;

/// <summary>
/// Exact in-process search: vectors are kept row-major in one array per collection and scored with SIMD dot products
/// (vectors are L2-normalised, so the dot product is the cosine). Needs no server.
/// </summary>
public sealed class EmbeddedVectorIndex : IVectorIndex
{
    private readonly ConcurrentDictionary<string, Collection> collections = new(StringComparer.Ordinal);

    public Task<int> EnsureCollectionAsync(string collection, int dimensions, CancellationToken cancellationToken = default)
    {
        var existing = collections.GetOrAdd(collection, _ => new Collection(dimensions));
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

    private Collection Get(string collection)
        => collections.TryGetValue(collection, out var found) ? found : throw new InvalidOperationException($"Collection '{collection}' does not exist; call EnsureCollectionAsync first.");

    private sealed class Collection(int dimensions)
    {
        private readonly List<string> ids = [];
        private readonly Dictionary<string, int> rowsById = new(StringComparer.Ordinal);
        private float[] rows = new float[dimensions * 64];

        public int Dimensions { get; } = dimensions;

        public int Count => ids.Count;

        public void Upsert(VectorRecord record)
        {
            if (record.Vector.Length != Dimensions)
            {
                throw new ArgumentException($"Vector for '{record.Id}' has {record.Vector.Length} dimensions, not {Dimensions}.");
            }

            if (!rowsById.TryGetValue(record.Id, out var row))
            {
                row = ids.Count;
                ids.Add(record.Id);
                rowsById[record.Id] = row;
                if ((row + 1) * Dimensions > rows.Length)
                {
                    Array.Resize(ref rows, rows.Length * 2);
                }
            }

            record.Vector.Span.CopyTo(rows.AsSpan(row * Dimensions, Dimensions));
        }

        public IReadOnlyList<VectorHit> Search(ReadOnlySpan<float> query, int topK)
        {
            var take = Math.Min(topK, ids.Count);
            if (take <= 0)
            {
                return [];
            }

            // Min-heap of the best k so far, keyed by (score, -row) so that among equal scores the earlier row wins.
            var best = new PriorityQueue<int, (float Score, int NegativeRow)>(take + 1);
            for (var row = 0; row < ids.Count; row++)
            {
                var score = TensorPrimitives.Dot(query, rows.AsSpan(row * Dimensions, Dimensions));
                if (best.Count < take)
                {
                    best.Enqueue(row, (score, -row));
                }
                else if (best.TryPeek(out _, out var worst) && (score, -row).CompareTo(worst) > 0)
                {
                    best.DequeueEnqueue(row, (score, -row));
                }
            }

            var hits = new VectorHit[best.Count];
            for (var i = hits.Length - 1; i >= 0; i--)
            {
                best.TryDequeue(out var row, out var key);
                hits[i] = new VectorHit(ids[row], key.Score);
            }

            return hits;
        }
    }
}
