namespace LoftCompare.Pipelines.Indexing;

/// <summary>A vector, its own id (a chunk of a document), and the document it belongs to.</summary>
public sealed record VectorRecord(string Id, string DocumentId, ReadOnlyMemory<float> Vector)
{
    /// <summary>A whole-document vector: the record id is the document id.</summary>
    public VectorRecord(string documentId, ReadOnlyMemory<float> vector)
        : this(documentId, documentId, vector)
    {
    }
}
