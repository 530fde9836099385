using Microsoft.Extensions.AI;

namespace LoftCompare.Pipelines.Embeddings;

/// <summary>Marks embedding inputs as search queries, for asymmetric models that prefix queries (arctic-embed).</summary>
public static class EmbeddingInputType
{
    public const string Property = "loftcompare.input_type";
    public const string Query = "query";

    public static EmbeddingGenerationOptions ForQueries() => new() { AdditionalProperties = new() { [Property] = Query } };

    public static bool IsQuery(EmbeddingGenerationOptions? options)
        => options?.AdditionalProperties?.TryGetValue(Property, out var value) == true && Equals(value, Query);
}
