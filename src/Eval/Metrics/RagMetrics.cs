namespace LoftCompare.Eval.Metrics;

/// <summary>Single-answer RAG scores as LOFT computes them (loft/evaluation/utils.py): each is the best over the gold answers.</summary>
public static class RagMetrics
{
    /// <summary>compute_em: normalised prediction equals a normalised gold answer.</summary>
    public static double ExactMatch(IReadOnlyList<string> goldAnswers, string prediction)
    {
        var predicted = AnswerNormalizer.Normalize(prediction);
        return goldAnswers.Any(g => AnswerNormalizer.Normalize(g) == predicted) ? 1.0 : 0.0;
    }

    /// <summary>compute_subspan_em: a normalised gold answer occurs inside the normalised prediction.</summary>
    public static double SubspanExactMatch(IReadOnlyList<string> goldAnswers, string prediction)
    {
        var predicted = AnswerNormalizer.Normalize(prediction);
        return goldAnswers.Any(g => predicted.Contains(AnswerNormalizer.Normalize(g), StringComparison.Ordinal)) ? 1.0 : 0.0;
    }

    /// <summary>compute_f1: SQuAD token F1 against each gold answer, best taken.</summary>
    public static double F1(IReadOnlyList<string> goldAnswers, string prediction)
    {
        var predicted = AnswerNormalizer.Tokens(prediction);
        var best = 0.0;
        foreach (var gold in goldAnswers)
        {
            var goldTokens = AnswerNormalizer.Tokens(gold);
            var goldCounts = goldTokens.CountBy(t => t).ToDictionary();
            var same = predicted.CountBy(t => t).Sum(p => Math.Min(p.Value, goldCounts.GetValueOrDefault(p.Key)));
            double f1;
            if (same == 0)
            {
                f1 = 0;
            }
            else
            {
                var precision = (double)same / predicted.Length;
                var recall = (double)same / goldTokens.Length;
                f1 = 2 * precision * recall / (precision + recall);
            }

            best = Math.Max(best, f1);
        }

        return best;
    }
}
