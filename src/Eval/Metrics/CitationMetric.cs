using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Eval.Metrics;

/// <summary>
/// Citation tasks: ALCE citation recall and precision of the answer's <c>[document id]</c> citations, judged against the
/// cited documents' text, and subspan EM of the answer (citations removed) against the gold answers. Citation recall
/// leads. The judge's name is part of every score name's meaning and is recorded with the metric.
/// </summary>
public sealed class CitationMetric(IEntailmentJudge judge, IReadOnlyList<Document> corpus) : IMetric
{
    private readonly CitationMetrics citations = new(judge);

    private readonly Dictionary<string, string> passages = corpus.GroupBy(d => d.Id, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First().Title.Length == 0 ? g.First().Text : $"{g.First().Title}. {g.First().Text}", StringComparer.Ordinal);

    public TaskKind Kind => TaskKind.Citation;

    public string PrimaryScore => "citation_recall";

    public string Origin => "HELMET (ALCE)";

    public IReadOnlyList<string> ScoreNames { get; } = ["citation_recall", "citation_precision", "subspan_em", "gold_cited"];

    public string JudgeName => judge.Name;

    public async ValueTask<IReadOnlyDictionary<string, double>> ScoreAsync(Query query, IReadOnlyList<string>? prediction, CancellationToken cancellationToken = default)
    {
        var answer = string.Join(" ", prediction ?? []);
        var (recall, precision) = await citations.ScoreAsync(answer, passages, cancellationToken);
        var cited = CitationMetrics.CitedKeys(answer);
        return new Dictionary<string, double>
        {
            ["citation_recall"] = recall,
            ["citation_precision"] = precision,
            ["subspan_em"] = query.Answers.Count == 0 ? 0 : RagMetrics.SubspanExactMatch(query.Answers, CitationMetrics.Strip(answer)),

            // Whether any gold document is among those cited: the retrieval side of citing.
            ["gold_cited"] = query.GoldDocIds.Count == 0 ? 0 : query.GoldDocIds.Any(g => cited.Contains(g, StringComparer.Ordinal)) ? 1 : 0,
        };
    }
}
