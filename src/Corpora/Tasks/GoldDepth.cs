namespace LoftCompare.Corpora.Tasks;

/// <summary>
/// Where a query's first gold document sits in what the query is asked over — its own context when it has one, else
/// the corpus — as a relative position (0 = first, 1 = last, 4 decimals), for lost-in-the-middle and NIAH depth plots.
/// </summary>
public static class GoldDepth
{
    /// <param name="corpusPositions">Document id → index in the corpus.</param>
    /// <returns>Null when the query has no gold document or it is not where the query is asked.</returns>
    public static double? Of(Query query, IReadOnlyDictionary<string, int> corpusPositions, int corpusCount)
    {
        if (query.GoldDocIds.Count == 0)
        {
            return null;
        }

        var (position, count) = query.ContextIds.Count > 0
            ? (query.ContextIds.ToList().IndexOf(query.GoldDocIds[0]), query.ContextIds.Count)
            : (corpusPositions.TryGetValue(query.GoldDocIds[0], out var at) ? at : -1, corpusCount);
        return position < 0 ? null : Math.Round(position / (double)Math.Max(1, count - 1), 4);
    }
}
