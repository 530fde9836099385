using System.Numerics.Tensors;

namespace LoftCompare.Pipelines.Indexing;

/// <summary>One collection's vectors, row-major in a single array, with exact top-k search. Not thread-safe; the index locks it.</summary>
internal sealed class VectorCollection(int dimensions)
{
    private readonly List<string> ids = [];
    private readonly List<string> documentIds = [];
    private readonly Dictionary<string, int> rowsById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> rowsByDocument = new(StringComparer.Ordinal);
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
            RowsOf(record.DocumentId).Add(row);
            if ((row + 1) * Dimensions > rows.Length)
            {
                Array.Resize(ref rows, Math.Max(rows.Length * 2, (row + 1) * Dimensions));
            }
        }
        else if (documentIds[row] != record.DocumentId)
        {
            rowsByDocument[documentIds[row]].Remove(row);
            documentIds[row] = record.DocumentId;
            RowsOf(record.DocumentId).Add(row);
        }

        record.Vector.Span.CopyTo(rows.AsSpan(row * Dimensions, Dimensions));
    }

    public IReadOnlyList<VectorHit> Search(ReadOnlySpan<float> query, int topK) => Search(query, topK, null);

    /// <summary>Exact top-k over the rows of <paramref name="documents"/> only: their rows are looked up, the rest never scored.</summary>
    public IReadOnlyList<VectorHit> SearchWithin(ReadOnlySpan<float> query, int topK, IReadOnlySet<string> documents)
    {
        var candidates = documents.SelectMany(d => rowsByDocument.TryGetValue(d, out var rows) ? rows : []).Order().ToArray();
        return Search(query, topK, candidates);
    }

    private List<int> RowsOf(string documentId)
    {
        if (!rowsByDocument.TryGetValue(documentId, out var rows))
        {
            rows = [];
            rowsByDocument[documentId] = rows;
        }

        return rows;
    }

    /// <param name="candidateRows">Rows to score in ascending order, or null for all.</param>
    private IReadOnlyList<VectorHit> Search(ReadOnlySpan<float> query, int topK, int[]? candidateRows)
    {
        var take = Math.Min(topK, candidateRows?.Length ?? ids.Count);
        if (take <= 0)
        {
            return [];
        }

        // Min-heap of the best k so far, keyed by (score, -row) so that among equal scores the earlier row wins.
        var best = new PriorityQueue<int, (float Score, int NegativeRow)>(take + 1);
        var count = candidateRows?.Length ?? ids.Count;
        for (var i = 0; i < count; i++)
        {
            var row = candidateRows is null ? i : candidateRows[i];
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
