using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Eval.Metrics;

/// <summary>
/// HELMET's RAG scoring: substring exact match, exact match and F1 (SQuAD normalisation), each the better of the raw
/// output and the text after <c>Answer:</c> — HELMET scores both and keeps the maximum. Substring exact match leads.
/// </summary>
public sealed class HelmetRagMetric : IMetric
{
    public TaskKind Kind => TaskKind.Rag;

    public string PrimaryScore => "substring_exact_match";

    public string Origin => "HELMET";

    public IReadOnlyList<string> ScoreNames { get; } = ["substring_exact_match", "exact_match", "f1"];

    public ValueTask<IReadOnlyDictionary<string, double>> ScoreAsync(Query query, IReadOnlyList<string>? prediction, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(Score(query, prediction is { Count: > 0 } ? prediction[0] : null, null));

    public ValueTask<IReadOnlyDictionary<string, double>> ScoreAsync(Query query, IReadOnlyList<string>? prediction, string? rawOutput, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(Score(query, prediction is { Count: > 0 } ? prediction[0] : null, rawOutput));

    public IReadOnlyDictionary<string, double> Score(Query query, string? parsed, string? rawOutput)
    {
        string[] candidates = [.. new[] { parsed, rawOutput }.OfType<string>()];
        double Best(Func<IReadOnlyList<string>, string, double> score) => candidates.Length == 0 ? 0 : candidates.Max(c => score(query.Answers, c));
        return new Dictionary<string, double>
        {
            ["substring_exact_match"] = Best(RagMetrics.SubspanExactMatch),
            ["exact_match"] = Best(RagMetrics.ExactMatch),
            ["f1"] = Best(RagMetrics.F1),
        };
    }
}
