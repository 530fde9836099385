using LoftCompare.Pipelines.Retrieval;

namespace LoftCompare.Runs.Retrievers;

/// <summary>
/// The retrieval methods a suite can name (<c>retrieval.method</c>): the built-in <c>dense</c>, <c>bm25</c> and
/// <c>hybrid</c> (reciprocal-rank fusion of the two), and any a plug-in registers.
/// </summary>
public sealed class RetrieverRegistry
{
    private readonly Dictionary<string, Func<RetrieverContext, IRetriever>> factories = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<string> Names => [.. factories.Keys];

    public static RetrieverRegistry BuiltIn() => new RetrieverRegistry()
        .Register("dense", c => new DenseRetriever(c.Embeddings, c.Index, c.EmbeddingModel))
        .Register("bm25", _ => new Bm25Retriever())
        .Register("hybrid", c => new HybridRetriever([new DenseRetriever(c.Embeddings, c.Index, c.EmbeddingModel), new Bm25Retriever()], c.Suite.Retrieval.RrfK));

    /// <summary>Adds (or replaces) a method under <paramref name="name"/>.</summary>
    public RetrieverRegistry Register(string name, Func<RetrieverContext, IRetriever> factory)
    {
        factories[name] = factory;
        return this;
    }

    /// <exception cref="ArgumentException">No method has that name.</exception>
    public IRetriever Create(string name, RetrieverContext context)
        => factories.TryGetValue(name, out var factory) ? factory(context) : throw new ArgumentException($"Unknown retrieval method '{name}'; use one of {string.Join(", ", Names)}.");
}
