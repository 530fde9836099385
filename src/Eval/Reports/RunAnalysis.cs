using LoftCompare.Eval.Reports.Charts;
using LoftCompare.Pipelines.Running;
using LoftCompare.Results;

namespace LoftCompare.Eval.Reports;

/// <summary>
/// What a run's report and viewer say beyond its line summaries and paired comparisons, all of it derived from the
/// rows: the oracle router's cost, the routing replay, the depth and latency charts' data, which examples failed or
/// were declined and why, where cached tokens came from, and the regressions against the suite's previous run.
/// Derived once when a run ends (<see cref="Of"/>) and stored (<see cref="RunAnalyses"/>), so a report of a
/// million-row run reads this, not the rows.
/// </summary>
public sealed record RunAnalysis
{
    /// <summary>The shape of the stored document; a stored analysis of another version is derived from the rows again.</summary>
    public const int Version = 1;

    /// <summary>A latency curve keeps every point up to this many queries; beyond it, this many evenly spaced quantiles.</summary>
    public const int LatencyPoints = 500;

    /// <summary>Failures listed one by one in the report.</summary>
    public const int FailureExamples = 10;

    public IReadOnlyList<OracleCost> Oracles { get; init; } = [];
    public IReadOnlyList<RoutingTask> Routing { get; init; } = [];
    public IReadOnlyList<DepthCell> Depths { get; init; } = [];
    public IReadOnlyList<LatencyCurve> Latencies { get; init; } = [];
    public int FailureCount { get; init; }
    public IReadOnlyList<FailureKind> FailureKinds { get; init; } = [];
    public IReadOnlyList<FailureExample> FirstFailures { get; init; } = [];
    public IReadOnlyList<DeclinedLine> Declined { get; init; } = [];
    public IReadOnlyList<CacheBasisCount> CacheBases { get; init; } = [];
    /// <summary>Rows on which the server reported prefix-cache hits, and the tokens it reported (recorded, never priced).</summary>
    public long ServerCachedRows { get; init; }
    public long ServerCachedTokens { get; init; }
    /// <summary>Mean share of the embedded reader's encodings a cache served; null when no row records one.</summary>
    public double? EncodingsCachedShare { get; init; }
    /// <summary>The suite's previous finished run the regressions are against; null when there was none.</summary>
    public string? PreviousRunId { get; init; }
    public IReadOnlyList<Regression> Regressions { get; init; } = [];

    /// <summary>The analysis of a run's rows (regressions aside: the caller finds those against the previous run).</summary>
    /// <param name="comparisons">The run's paired comparisons: the oracle router is costed for the right/wrong ones.</param>
    public static RunAnalysis Of(IReadOnlyList<ResultRecord> results, IReadOnlyList<PairedComparison> comparisons, IReadOnlyDictionary<string, string> primaryMetricByTask)
    {
        var failures = results.Where(r => r.Outcome == ExampleOutcome.Failed).ToList();
        var encoded = results.Where(r => r.EncodingsCached is not null).ToList();
        var serverCached = results.Where(r => r.CachedInputTokens is > 0).ToList();
        return new RunAnalysis
        {
            Oracles = OracleCosts(results, comparisons),
            Routing = RoutingReplay.Compute(results, primaryMetricByTask),
            Depths = DepthCells(results),
            Latencies = LatencyCurves(results),
            FailureCount = failures.Count,
            FailureKinds = failures.GroupBy(f => MarkdownReportWriter.ErrorKind(f.Error!)).OrderByDescending(g => g.Count())
                .Select(g => new FailureKind(g.Key, g.Count(), g.Select(f => $"{f.TaskName} · {f.Pipeline}").Distinct().ToList())).ToList(),
            FirstFailures = failures.Take(FailureExamples).Select(f => new FailureExample(f.TaskName, f.Pipeline, f.QueryId, f.Error)).ToList(),
            Declined = results.GroupBy(r => (r.TaskName, r.Pipeline, r.ModelId))
                .Where(g => g.Any(r => r.Outcome == ExampleOutcome.Declined))
                .OrderBy(g => g.Key.TaskName, StringComparer.Ordinal).ThenBy(g => g.Key.Pipeline, StringComparer.Ordinal)
                .Select(g =>
                {
                    var declined = g.Where(r => r.Outcome == ExampleOutcome.Declined).ToList();
                    return new DeclinedLine(g.Key.TaskName, g.Key.Pipeline, g.Key.ModelId, declined.Count, declined.Count == g.Count(), Why(declined[0].Error));
                })
                .ToList(),
            CacheBases = results.Where(r => r.CacheBasis is not null).GroupBy(r => r.CacheBasis!.Value).OrderBy(g => g.Key)
                .Select(g => new CacheBasisCount(g.Key, g.Count(), g.Sum(r => r.PrefixTokens ?? 0))).ToList(),
            ServerCachedRows = serverCached.Count,
            ServerCachedTokens = serverCached.Sum(r => (long)r.CachedInputTokens!.Value),
            EncodingsCachedShare = encoded.Count == 0 ? null : encoded.Average(r => r.EncodingsCached!.Value),
        };
    }

    /// <summary>Why a declined example was declined: its error after the first colon.</summary>
    private static string Why(string? error) => error is null ? string.Empty : error[(error.IndexOf(':') + 1)..].Trim();

    /// <summary>What an oracle router (the right one of the two per query, the cheaper when both or neither are right) pays per query.</summary>
    private static List<OracleCost> OracleCosts(IReadOnlyList<ResultRecord> results, IReadOnlyList<PairedComparison> comparisons)
    {
        var costs = new List<OracleCost>();
        if (!comparisons.Any(c => c.Agreement is not null))
        {
            return costs;
        }

        var lines = results.Where(r => r.Outcome != ExampleOutcome.Declined).GroupBy(r => (r.TaskName, r.Pipeline, r.ModelId))
            .ToDictionary(g => g.Key, g => g.ToDictionary(r => r.QueryId, StringComparer.Ordinal));
        foreach (var comparison in comparisons.Where(c => c.Agreement is not null))
        {
            var (a, b) = (comparison.A, comparison.B);
            var rowsA = lines.GetValueOrDefault((a.TaskName, a.Pipeline, a.ModelId)) ?? [];
            var rowsB = lines.GetValueOrDefault((b.TaskName, b.Pipeline, b.ModelId)) ?? [];
            var chosen = rowsA.Keys.Intersect(rowsB.Keys).Select(q =>
            {
                var (x, y) = (rowsA[q], rowsB[q]);
                var (rightX, rightY) = (ResultSummarizer.Score(x, comparison.Metric) == 1, ResultSummarizer.Score(y, comparison.Metric) == 1);
                return rightX == rightY ? ((x.CostUsd ?? 0) <= (y.CostUsd ?? 0) ? x : y) : rightX ? x : y;
            }).ToList();
            costs.Add(new OracleCost(
                comparison.TaskName, comparison.Metric, a.Pipeline, a.ModelId, b.Pipeline, b.ModelId,
                chosen.Count > 0 && chosen.All(r => r.CostUsd is not null) ? chosen.Average(r => r.CostUsd!.Value) : null,
                chosen.Count > 0 ? chosen.Average(r => (double)(r.InputTokens ?? 0)) : null));
        }

        return costs;
    }

    /// <summary>Rows with a gold depth, less declined ones (n/a is missing, never 0%), counted per line and depth bin.</summary>
    private static List<DepthCell> DepthCells(IReadOnlyList<ResultRecord> results)
        => results.Where(r => r.GoldDepth is not null && r.Outcome != ExampleOutcome.Declined)
            .GroupBy(r => (r.TaskName, r.Pipeline, r.ModelId, Bin: DepthBins.Of(r.GoldDepth!.Value)))
            .OrderBy(g => g.Key.TaskName, StringComparer.Ordinal).ThenBy(g => g.Key.Pipeline, StringComparer.Ordinal).ThenBy(g => g.Key.ModelId, StringComparer.Ordinal).ThenBy(g => g.Key.Bin)
            .Select(g => new DepthCell(g.Key.TaskName, g.Key.Pipeline, g.Key.ModelId, g.Key.Bin, g.Count(), g.Count(r => r.Error is null && r.PrimaryScore >= 1)))
            .ToList();

    /// <summary>
    /// Each latency curve the report draws: per (task, pipeline), or per pipeline over all tasks when there are more
    /// lines than colours; every point up to <see cref="LatencyPoints"/> queries, evenly spaced quantiles beyond.
    /// </summary>
    private static List<LatencyCurve> LatencyCurves(IReadOnlyList<ResultRecord> results)
    {
        var timed = results.Where(r => r.Error is null && r.TotalMs is not null).ToList();
        var pooled = timed.Select(r => (r.TaskName, r.Pipeline)).Distinct().Count() > ChartStyle.Colours;
        return timed.GroupBy(r => pooled ? (Task: (string?)null, r.Pipeline) : (Task: r.TaskName, r.Pipeline))
            .Select(g =>
            {
                var sorted = g.Select(r => Math.Max(r.TotalMs!.Value, 0.01)).Order().ToArray();
                var points = sorted.Length <= LatencyPoints
                    ? sorted.Select((ms, i) => new LatencyPoint(ms, (i + 1) / (double)sorted.Length)).ToList()
                    : Enumerable.Range(0, LatencyPoints).Select(k => (int)Math.Round(k * (sorted.Length - 1) / (double)(LatencyPoints - 1)))
                        .Select(i => new LatencyPoint(sorted[i], (i + 1) / (double)sorted.Length)).ToList();
                return new LatencyCurve(g.Key.Task, g.Key.Pipeline, sorted.Length, points);
            })
            .OrderBy(c => c.Label, StringComparer.Ordinal)
            .ToList();
    }
}

/// <summary>The oracle router between two lines on a right/wrong score: its mean $ (null when a chosen row is unpriced) and input tokens per query.</summary>
public sealed record OracleCost(string TaskName, string Metric, string PipelineA, string ModelA, string PipelineB, string ModelB, double? CostPerQuery, double? InputTokensPerQuery);

/// <summary>The queries of one line whose gold document sits in one depth bin, and how many were answered right.</summary>
public sealed record DepthCell(string TaskName, string Pipeline, string ModelId, int Bin, int Queries, int Correct);

/// <summary>One latency curve: the line's (or, with <see cref="TaskName"/> null, the pipeline's over all tasks) sorted wall times.</summary>
public sealed record LatencyCurve(string? TaskName, string Pipeline, int Queries, IReadOnlyList<LatencyPoint> Points)
{
    public string Label => TaskName is null ? $"{Pipeline} (all tasks)" : $"{TaskName} · {Pipeline}";
}

/// <summary>A point of a latency curve: this many milliseconds, and the share of queries at or below it.</summary>
public sealed record LatencyPoint(double Ms, double Share);

/// <summary>Failures of one kind (the exception type or step before the first colon) and the lines they hit.</summary>
public sealed record FailureKind(string Kind, int Examples, IReadOnlyList<string> Lines);

public sealed record FailureExample(string TaskName, string Pipeline, string QueryId, string? Error);

/// <summary>A line's declined examples (n/a: the model cannot do the kind), whether that is all of them, and why.</summary>
public sealed record DeclinedLine(string TaskName, string Pipeline, string ModelId, int Examples, bool All, string Why);

/// <summary>Rows whose cached tokens were priced on one basis, and the shared prefix tokens over them.</summary>
public sealed record CacheBasisCount(CacheBasis Basis, int Rows, long PrefixTokens);
