using Microsoft.Extensions.VectorData;

namespace LoftCompare.Pipelines.Indexing.VectorData;

/// <summary>How a passage vector is stored in any Microsoft.Extensions.VectorData store: a string key, its document, the embedding (cosine).</summary>
public static class PassageSchema
{
    public const string Id = "id";
    public const string DocumentId = "document_id";
    public const string Embedding = "embedding";

    public static VectorStoreCollectionDefinition Definition(int dimensions) => new()
    {
        Properties =
        [
            new VectorStoreKeyProperty(Id, typeof(string)),
            new VectorStoreDataProperty(DocumentId, typeof(string)) { IsIndexed = true },
            new VectorStoreVectorProperty(Embedding, typeof(ReadOnlyMemory<float>), dimensions) { DistanceFunction = DistanceFunction.CosineSimilarity },
        ],
    };

    public static Dictionary<string, object?> Record(VectorRecord record)
        => new() { [Id] = record.Id, [DocumentId] = record.DocumentId, [Embedding] = record.Vector };

    public static string DocumentOf(Dictionary<string, object?> record) => (string)record[DocumentId]!;
}
