using Microsoft.Extensions.AI;

namespace LoftCompare.Pipelines.Embeddings;

/// <summary>
/// How many of a request's embeddings a cache served instead of the encoder, carried on the result's
/// <see cref="GeneratedEmbeddings{TEmbedding}.AdditionalProperties"/> so a caller can say when its measured time
/// came from warm caches.
/// </summary>
public static class CachedEmbeddings
{
    public const string CountProperty = "loftcompare.cached_embeddings";

    /// <summary>The texts a cache served for this result (0 when no cache says).</summary>
    public static int CountOf(GeneratedEmbeddings<Embedding<float>> embeddings)
        => embeddings.AdditionalProperties?.TryGetValue(CountProperty, out var value) == true && value is int count ? count : 0;

    /// <summary>Records that <paramref name="count"/> of <paramref name="embeddings"/> came from a cache.</summary>
    public static GeneratedEmbeddings<Embedding<float>> WithCount(GeneratedEmbeddings<Embedding<float>> embeddings, int count)
    {
        (embeddings.AdditionalProperties ??= [])[CountProperty] = count;
        return embeddings;
    }
}
