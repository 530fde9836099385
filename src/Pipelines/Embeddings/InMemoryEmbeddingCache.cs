using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace LoftCompare.Pipelines.Embeddings;

/// <summary>Remembers embeddings by input type and text for the life of a run, so a corpus read again by a later query is not re-encoded.</summary>
public sealed class InMemoryEmbeddingCache(IEmbeddingGenerator<string, Embedding<float>> inner)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    private readonly ConcurrentDictionary<string, Embedding<float>> embeddingsByText = new(StringComparer.Ordinal);

    public int Count => embeddingsByText.Count;

    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values as IReadOnlyList<string> ?? values.ToList();
        // Queries and documents embed differently in asymmetric models, so the input type is part of the key.
        var kind = EmbeddingInputType.IsQuery(options) ? "q\u0001" : "d\u0001";
        var missingTexts = texts.Where(t => !embeddingsByText.ContainsKey(kind + t)).ToList();
        var missing = missingTexts.Distinct(StringComparer.Ordinal).ToList();
        UsageDetails? usage = null;
        var innerCached = 0;
        if (missing.Count > 0)
        {
            var generated = await base.GenerateAsync(missing, options, cancellationToken);
            usage = generated.Usage;
            innerCached = CachedEmbeddings.CountOf(generated);
            for (var i = 0; i < missing.Count; i++)
            {
                embeddingsByText[kind + missing[i]] = generated[i];
            }
        }

        // Served from memory, plus what a cache below served of the rest.
        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Select(t => embeddingsByText[kind + t])) { Usage = usage };
        return CachedEmbeddings.WithCount(result, texts.Count - missingTexts.Count + innerCached);
    }
}
