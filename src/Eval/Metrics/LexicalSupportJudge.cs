namespace LoftCompare.Eval.Metrics;

/// <summary>
/// The fallback judge when no NLI model is configured: a claim is supported when at least <see cref="Threshold"/> of
/// its normalised content tokens occur in the premise. It is a lexical proxy for entailment, not entailment, and is
/// labelled <c>lexical-support</c> wherever its scores appear.
/// </summary>
public sealed class LexicalSupportJudge(double threshold = 0.8) : IEntailmentJudge
{
    public string Name => "lexical-support";

    public double Threshold => threshold;

    public Task<bool> EntailsAsync(string premise, string claim, CancellationToken cancellationToken = default)
    {
        var claimTokens = AnswerNormalizer.Tokens(claim).Where(t => !Retrieval.StopWords.Contains(t)).ToList();
        if (claimTokens.Count == 0)
        {
            return Task.FromResult(false);
        }

        var premiseTokens = AnswerNormalizer.Tokens(premise).ToHashSet(StringComparer.Ordinal);
        return Task.FromResult(claimTokens.Count(premiseTokens.Contains) >= threshold * claimTokens.Count);
    }

    private static class Retrieval
    {
        public static readonly IReadOnlySet<string> StopWords = LoftCompare.Pipelines.Retrieval.Bm25Analyzer.StopWords;
    }
}
