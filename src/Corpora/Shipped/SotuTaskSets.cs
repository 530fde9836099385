using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Shipped;

/// <summary>
/// Re-rank and citation sets derived from a State of the Union cloze build: the same passages and questions, with the
/// gold each task needs. Re-rank grades are 2 for the passage holding the quoted sentence and 1 for the other
/// passages of the same address (the question names the address, so they are on topic); everything else is 0.
/// </summary>
public static class SotuTaskSets
{
    public static IReadOnlyList<Query> Rerank(IReadOnlyList<Document> corpus, IReadOnlyList<Query> queries)
    {
        var addressOf = corpus.ToDictionary(d => d.Id, d => Address(d.Title), StringComparer.Ordinal);
        return queries.Select(q =>
        {
            var gold = q.GoldDocIds[0];
            var relevance = corpus.Where(d => addressOf[d.Id] == addressOf[gold]).ToDictionary(d => d.Id, d => d.Id == gold ? 2 : 1, StringComparer.Ordinal);
            var ranked = relevance.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Key).ToList();
            return new Query(q.Id, q.Text, [], ranked) { Relevance = relevance };
        }).ToList();
    }

    /// <summary>"State of the Union, 1861 (Abraham Lincoln), part 3" → "State of the Union, 1861 (Abraham Lincoln)".</summary>
    public static string Address(string title)
    {
        var part = title.LastIndexOf(", part ", StringComparison.Ordinal);
        return part < 0 ? title : title[..part];
    }
}
