using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Eval.Metrics;

/// <summary>The metric for each task kind. Citation scoring reads the cited documents, so a metric is made for a corpus.</summary>
public sealed class MetricRegistry(IEnumerable<KeyValuePair<TaskKind, Func<IReadOnlyList<Document>, IMetric>>> factories)
{
    private readonly Dictionary<TaskKind, Func<IReadOnlyList<Document>, IMetric>> factoriesByKind = factories.ToDictionary(f => f.Key, f => f.Value);

    public static MetricRegistry CreateDefault(IEntailmentJudge? judge = null)
    {
        var citationJudge = judge ?? new LexicalSupportJudge();
        return new(
        [
            Fixed(new RetrievalMetric()),
            Fixed(new RagMetric()),
            Fixed(new MultiValueRagMetric()),
            Fixed(new RecallMetric()),
            Fixed(new RerankMetric()),
            Fixed(new SqlMetric()),
            Fixed(new IclMetric()),
            new(TaskKind.Citation, corpus => new CitationMetric(citationJudge, corpus)),
        ]);
    }

    /// <summary>The metric for <paramref name="kind"/> over <paramref name="corpus"/> (only citation scoring reads it).</summary>
    public IMetric For(TaskKind kind, IReadOnlyList<Document>? corpus = null)
        => factoriesByKind.TryGetValue(kind, out var factory) ? factory(corpus ?? []) : throw new NotSupportedException($"No metric is registered for task kind '{TaskKinds.Name(kind)}'.");

    private static KeyValuePair<TaskKind, Func<IReadOnlyList<Document>, IMetric>> Fixed(IMetric metric) => new(metric.Kind, _ => metric);
}
