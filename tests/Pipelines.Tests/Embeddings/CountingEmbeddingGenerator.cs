using Microsoft.Extensions.AI;

namespace LoftCompare.Pipelines.Tests.Embeddings;

/// <summary>Counts the texts that reach the real encoder, to prove caches and persisted indexes spare it.</summary>
public sealed class CountingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    public int TextsEmbedded { get; private set; }

    public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values.ToList();
        TextsEmbedded += texts.Count;
        return base.GenerateAsync(texts, options, cancellationToken);
    }

    // The fixture owns the inner generator.
    protected override void Dispose(bool disposing)
    {
    }
}
