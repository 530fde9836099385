namespace LoftCompare.Pipelines.Running;

/// <summary>One-off work of a (task, pipeline), priced as setup cost rather than per query.</summary>
/// <param name="EmbeddedTokens">Corpus tokens the retriever embeds to build its index (0 for BM25).</param>
/// <param name="PrefixModelId">The model whose prefix cache holds the corpus prefix, if any.</param>
/// <param name="PrefixTokens">Tokens of that shared prefix, filled once.</param>
public sealed record SetupWork(long EmbeddedTokens, string? PrefixModelId = null, long PrefixTokens = 0)
{
    public static SetupWork None { get; } = new(0);
}
