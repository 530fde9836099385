using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Eval.Metrics;

/// <summary>
/// The metric for each (task kind, prompt format): a HELMET-format run is scored by HELMET's rules and a RULER-format
/// run by RULER's, where those differ from LOFT's; any other format falls back to the kind's own metric. Citation
/// scoring reads the cited documents, so a metric is made for a corpus.
/// </summary>
public sealed class MetricRegistry
{
    private readonly Dictionary<(TaskKind Kind, string? Format), Func<IReadOnlyList<Document>, IMetric>> factories = [];

    /// <param name="factories">Metrics by kind, for every prompt format.</param>
    public MetricRegistry(IEnumerable<KeyValuePair<TaskKind, Func<IReadOnlyList<Document>, IMetric>>> factories)
    {
        foreach (var (kind, factory) in factories)
        {
            this.factories[(kind, null)] = factory;
        }
    }

    public static MetricRegistry CreateDefault(IEntailmentJudge? judge = null)
    {
        var citationJudge = judge ?? new LexicalSupportJudge();
        return new MetricRegistry(
            [
                Fixed(new RetrievalMetric()),
                Fixed(new RagMetric()),
                Fixed(new MultiValueRagMetric()),
                Fixed(new RecallMetric()),
                Fixed(new RerankMetric()),
                Fixed(new SqlMetric()),
                Fixed(new IclMetric()),
                new(TaskKind.Citation, corpus => new CitationMetric(citationJudge, corpus)),
            ])
            .Add("helmet", new HelmetRagMetric())
            .Add("ruler", new RulerRecallMetric());
    }

    /// <summary>Registers <paramref name="metric"/> for its kind under one prompt format (<c>helmet</c>, <c>ruler</c>, a plug-in's).</summary>
    public MetricRegistry Add(string promptFormat, IMetric metric)
    {
        factories[(metric.Kind, promptFormat.ToLowerInvariant())] = _ => metric;
        return this;
    }

    /// <summary>The metric for <paramref name="kind"/> under <paramref name="promptFormat"/> (the kind's own when the format has none) over <paramref name="corpus"/>.</summary>
    public IMetric For(TaskKind kind, IReadOnlyList<Document>? corpus = null, string? promptFormat = null)
        => (promptFormat is not null && factories.TryGetValue((kind, promptFormat.ToLowerInvariant()), out var specific) ? specific
            : factories.TryGetValue((kind, null), out var general) ? general
            : throw new NotSupportedException($"No metric is registered for task kind '{TaskKinds.Name(kind)}'."))(corpus ?? []);

    /// <summary>Whose rules a leading score follows (LOFT, HELMET, RULER), from the registered metrics; null when unknown.</summary>
    public string? OriginOf(string primaryScore)
        => factories.Values.Select(f => f([])).FirstOrDefault(m => m.PrimaryScore == primaryScore)?.Origin;

    private static KeyValuePair<TaskKind, Func<IReadOnlyList<Document>, IMetric>> Fixed(IMetric metric) => new(metric.Kind, _ => metric);
}
