using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Eval.Metrics;

/// <summary>Scores one parsed prediction against a query's gold, for one task kind.</summary>
public interface IMetric
{
    TaskKind Kind { get; }

    /// <summary>The score the report leads with (e.g. <c>recall@1</c>, <c>subspan_em</c>).</summary>
    string PrimaryScore { get; }

    /// <summary>All score names, in report order.</summary>
    IReadOnlyList<string> ScoreNames { get; }

    /// <summary>Every score for this prediction; a missing or empty prediction scores 0 everywhere.</summary>
    /// <remarks>Asynchronous because some scorers ask a judge model (citation support).</remarks>
    ValueTask<IReadOnlyDictionary<string, double>> ScoreAsync(Query query, IReadOnlyList<string>? prediction, CancellationToken cancellationToken = default);

    /// <summary>Scores with the model's raw output as well, for rules that read it (HELMET takes the better of raw and parsed).</summary>
    ValueTask<IReadOnlyDictionary<string, double>> ScoreAsync(Query query, IReadOnlyList<string>? prediction, string? rawOutput, CancellationToken cancellationToken = default)
        => ScoreAsync(query, prediction, cancellationToken);

    /// <summary>Whose rules these are (LOFT, HELMET, RULER, a team's), named in reports beside the score; no default, so a plug-in's metric is never labelled as LOFT's.</summary>
    string Origin { get; }
}
