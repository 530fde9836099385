namespace LoftCompare.Eval.Metrics;

/// <summary>Retrieval scores as LOFT computes them (loft/evaluation/retrieval.py).</summary>
public static class RetrievalMetrics
{
    /// <summary>compute_recall_at_k (uncapped): gold ids among the first k predictions, over the number of gold ids.</summary>
    public static double RecallAtK(IReadOnlyList<string> goldIds, IReadOnlyList<string> predictedIds, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (predictedIds.Count == 0 || goldIds.Count == 0)
        {
            return 0;
        }

        return (double)RelevantInTopK(goldIds, predictedIds, k) / goldIds.Count;
    }

    /// <summary>
    /// compute_recall_at_k with <c>capped=True</c>: as recall@k, but when there are more gold ids than k the denominator
    /// is k, so a perfect top-k scores 1 (LOFT reports it for k = 1).
    /// </summary>
    public static double CappedRecallAtK(IReadOnlyList<string> goldIds, IReadOnlyList<string> predictedIds, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (predictedIds.Count == 0 || goldIds.Count == 0)
        {
            return 0;
        }

        return (double)RelevantInTopK(goldIds, predictedIds, k) / (goldIds.Count > k ? k : goldIds.Count);
    }

    /// <summary>compute_mrecall_at_k: 1 when the first k predictions hold min(k, |gold|) gold ids, else 0.</summary>
    public static double MRecallAtK(IReadOnlyList<string> goldIds, IReadOnlyList<string> predictedIds, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (predictedIds.Count == 0)
        {
            return 0;
        }

        return RelevantInTopK(goldIds, predictedIds, k) == Math.Min(k, goldIds.Count) ? 1.0 : 0.0;
    }

    /// <summary>
    /// nDCG@k as trec_eval's <c>ndcg_cut</c> computes it: DCG = Σ_{i=1..k} gain(d_i) / log2(i + 1) over the ranking,
    /// divided by the same sum over the gold gains sorted best first. Unjudged documents gain 0.
    /// </summary>
    public static double NdcgAtK(IReadOnlyDictionary<string, double> goldGains, IReadOnlyList<string> predictedIds, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var ideal = goldGains.Values.Where(g => g > 0).OrderDescending().Take(k).Select((g, i) => g / Math.Log2(i + 2)).Sum();
        if (ideal == 0)
        {
            return 0;
        }

        var actual = predictedIds.Take(k).Select((id, i) => goldGains.GetValueOrDefault(id.Trim()) / Math.Log2(i + 2)).Sum();
        return actual / ideal;
    }

    private static int RelevantInTopK(IReadOnlyList<string> goldIds, IReadOnlyList<string> predictedIds, int k)
    {
        var gold = goldIds.Select(id => id.Trim()).ToHashSet(StringComparer.Ordinal);
        return predictedIds.Take(k).Select(id => id.Trim()).Distinct(StringComparer.Ordinal).Count(gold.Contains);
    }
}
