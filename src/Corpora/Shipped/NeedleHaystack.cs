using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Shipped;

/// <summary>A built haystack: passages with planted needles, one query per needle, and the haystack's size.</summary>
public sealed record NeedleHaystack(IReadOnlyList<Document> Corpus, IReadOnlyList<Query> Queries, int Tokens, IReadOnlyList<double> Depths);
