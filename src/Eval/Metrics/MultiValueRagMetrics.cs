namespace LoftCompare.Eval.Metrics;

/// <summary>
/// Set-valued RAG scores as LOFT computes them (loft/evaluation/rag.py: compute_em_multi_value, compute_coverage,
/// compute_multi_value_subspan_em), on SQuAD-normalised answers.
/// </summary>
public static class MultiValueRagMetrics
{
    /// <summary>The normalised gold and predicted answer sets are equal.</summary>
    public static double SetExactMatch(IReadOnlyList<string> gold, IReadOnlyList<string> predicted)
        => Normalized(gold).SetEquals(Normalized(predicted)) ? 1.0 : 0.0;

    /// <summary>Share of distinct gold answers found among the predictions.</summary>
    public static double Coverage(IReadOnlyList<string> gold, IReadOnlyList<string> predicted)
    {
        var goldSet = Normalized(gold);
        return goldSet.Count == 0 ? 0 : (double)goldSet.Intersect(Normalized(predicted)).Count() / gold.Count;
    }

    /// <summary>
    /// 1 when every gold answer can be paired with a different prediction such that one contains the other
    /// (LOFT solves this with a linear-sum assignment; a maximum bipartite matching decides the same thing).
    /// </summary>
    public static double SubspanExactMatch(IReadOnlyList<string> gold, IReadOnlyList<string> predicted)
    {
        var g = gold.Select(AnswerNormalizer.Normalize).ToArray();
        var p = predicted.Select(AnswerNormalizer.Normalize).ToArray();
        var matchOf = Enumerable.Repeat(-1, p.Length).ToArray();
        for (var i = 0; i < g.Length; i++)
        {
            if (!Augment(i, new bool[p.Length]))
            {
                return 0.0;
            }
        }

        return 1.0;

        bool Augment(int goldIndex, bool[] visited)
        {
            for (var j = 0; j < p.Length; j++)
            {
                if (visited[j] || !(p[j].Contains(g[goldIndex], StringComparison.Ordinal) || g[goldIndex].Contains(p[j], StringComparison.Ordinal)))
                {
                    continue;
                }

                visited[j] = true;
                if (matchOf[j] < 0 || Augment(matchOf[j], visited))
                {
                    matchOf[j] = goldIndex;
                    return true;
                }
            }

            return false;
        }
    }

    private static HashSet<string> Normalized(IEnumerable<string> answers) => answers.Select(AnswerNormalizer.Normalize).ToHashSet(StringComparer.Ordinal);
}
