using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Eval.Metrics;

/// <summary>
/// The metric for each (task kind, prompt format): a HELMET-format run is scored by HELMET's rules and a RULER-format
/// run by RULER's, where those differ from LOFT's; any other format falls back to the kind's own metric. A metric that
/// reads the documents a prediction cites (citation) is made for a corpus. A plug-in kind registers its metric here,
/// beside its profile (<c>AddTaskKind</c>).
/// </summary>
public sealed class MetricRegistry
{
    private readonly Dictionary<(TaskKind Kind, string? Format), Registration> registrations = [];

    /// <param name="factories">Metrics by kind, for every prompt format, each made for the corpus it scores against.</param>
    public MetricRegistry(IEnumerable<KeyValuePair<TaskKind, Func<IReadOnlyList<Document>, IMetric>>> factories)
    {
        foreach (var (kind, factory) in factories)
        {
            registrations[(kind, null)] = new(factory, ReadsCorpus: true);
        }
    }

    public static MetricRegistry BuiltIn(IEntailmentJudge? judge = null)
    {
        var citationJudge = judge ?? new LexicalSupportJudge();
        return new MetricRegistry([])
            .Add(new RetrievalMetric())
            .Add(new RagMetric())
            .Add(new MultiValueRagMetric())
            .Add(new RecallMetric())
            .Add(new RerankMetric())
            .Add(new SqlMetric())
            .Add(new IclMetric())
            .Add(TaskKind.Citation, corpus => new CitationMetric(citationJudge, corpus))
            .Add("helmet", new HelmetRagMetric())
            .Add("ruler", new RulerRecallMetric());
    }

    /// <summary>Registers <paramref name="metric"/> for its kind under every prompt format that has none of its own.</summary>
    public MetricRegistry Add(IMetric metric)
    {
        registrations[(metric.Kind, null)] = new(_ => metric, ReadsCorpus: false);
        return this;
    }

    /// <summary>Registers a metric made for the corpus it scores against (e.g. one that reads cited documents), for every prompt format.</summary>
    public MetricRegistry Add(TaskKind kind, Func<IReadOnlyList<Document>, IMetric> factory)
    {
        registrations[(kind, null)] = new(factory, ReadsCorpus: true);
        return this;
    }

    /// <summary>Registers <paramref name="metric"/> for its kind under one prompt format (<c>helmet</c>, <c>ruler</c>, a plug-in's).</summary>
    public MetricRegistry Add(string promptFormat, IMetric metric)
    {
        registrations[(metric.Kind, promptFormat.ToLowerInvariant())] = new(_ => metric, ReadsCorpus: false);
        return this;
    }

    /// <summary>The metric for <paramref name="kind"/> under <paramref name="promptFormat"/> (the kind's own when the format has none) over <paramref name="corpus"/>.</summary>
    public IMetric For(TaskKind kind, IReadOnlyList<Document>? corpus = null, string? promptFormat = null)
        => Find(kind, promptFormat).Factory(corpus ?? []);

    /// <summary>Whether scoring <paramref name="kind"/> reads the corpus (so a scorer must load it first).</summary>
    public bool ReadsCorpus(TaskKind kind, string? promptFormat = null) => Find(kind, promptFormat).ReadsCorpus;

    /// <summary>The score names of the kind named <paramref name="kindName"/> (as the results database spells it), in report order; empty when none is registered.</summary>
    public IReadOnlyList<string> ScoreNamesOf(string kindName)
        => registrations.FirstOrDefault(r => r.Key.Format is null && r.Key.Kind.IsNamed(kindName)).Value is { } found ? found.Factory([]).ScoreNames : [];

    /// <summary>Whose rules a leading score follows (LOFT, HELMET, RULER), from the registered metrics; null when unknown.</summary>
    public string? OriginOf(string primaryScore)
        => registrations.Values.Select(r => r.Factory([])).FirstOrDefault(m => m.PrimaryScore == primaryScore)?.Origin;

    private Registration Find(TaskKind kind, string? promptFormat)
        => promptFormat is not null && registrations.TryGetValue((kind, promptFormat.ToLowerInvariant()), out var specific) ? specific
            : registrations.TryGetValue((kind, null), out var general) ? general
            : throw new NotSupportedException($"No metric is registered for task kind '{kind.Name}'.");

    private sealed record Registration(Func<IReadOnlyList<Document>, IMetric> Factory, bool ReadsCorpus);
}
