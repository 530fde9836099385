using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Eval.Metrics;

/// <summary>The metric for each task kind.</summary>
public sealed class MetricRegistry(IEnumerable<IMetric> metrics)
{
    private readonly Dictionary<TaskKind, IMetric> metricsByKind = metrics.ToDictionary(m => m.Kind);

    public static MetricRegistry CreateDefault() => new([new RetrievalMetric(), new RagMetric(), new MultiValueRagMetric(), new RecallMetric()]);

    public IMetric For(TaskKind kind)
        => metricsByKind.TryGetValue(kind, out var metric) ? metric : throw new NotSupportedException($"No metric is registered for task kind '{TaskKinds.Name(kind)}'.");
}
