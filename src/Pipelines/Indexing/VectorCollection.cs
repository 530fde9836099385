using System.Numerics.Tensors;

namespace LoftCompare.Pipelines.Indexing;

/// <summary>One collection's vectors, row-major in a single array, with exact top-k search. Not thread-safe; the index locks it.</summary>
internal sealed class VectorCollection(int dimensions)
{
    private readonly List<string> ids = [];
    private readonly List<string> documentIds = [];
    private readonly Dictionary<string, int> rowsById = new(StringComparer.Ordinal);
    private float[] rows = new float[dimensions * 64];

    public int Dimensions { get; } = dimensions;

    public int Count => ids.Count;

    public IReadOnlyList<string> Ids => ids;

    public IReadOnlyList<string> DocumentIds => documentIds;

    public ReadOnlySpan<float> Rows => rows.AsSpan(0, ids.Count * Dimensions);

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
            documentIds.Add(record.DocumentId);
            rowsById[record.Id] = row;
            if ((row + 1) * Dimensions > rows.Length)
            {
                Array.Resize(ref rows, Math.Max(rows.Length * 2, (row + 1) * Dimensions));
            }
        }
        else
        {
            documentIds[row] = record.DocumentId;
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
            hits[i] = new VectorHit(ids[row], documentIds[row], key.Score);
        }

        return hits;
    }
}
