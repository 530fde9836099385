using System.Text.Json;
using LoftCompare.Results;
using LoftCompare.Eval.Statistics;
using LoftCompare.Pipelines.Running;

namespace LoftCompare.Eval.Reports;

/// <summary>
/// Aggregates a run's result rows per (task, pipeline, model) with bootstrap intervals, and compares each other pipeline
/// with long context on the same queries. Failed examples score 0 in the means, so failing is never rewarded.
/// </summary>
public sealed class ResultSummarizer(Bootstrap bootstrap)
{
    public IReadOnlyList<PipelineSummary> Summarize(IEnumerable<ResultRecord> results)
        => results
            .GroupBy(r => (r.TaskName, r.Pipeline, r.ModelId))
            .OrderBy(g => g.Key.TaskName, StringComparer.Ordinal).ThenBy(g => g.Key.Pipeline, StringComparer.Ordinal).ThenBy(g => g.Key.ModelId, StringComparer.Ordinal)
            .Select(g => Summarize(g.Key, g.OrderBy(r => r.QueryId, StringComparer.Ordinal).ToList()))
            .ToList();

    /// <summary>For each task, every pipeline other than long context minus long context, on each shared score.</summary>
    public IReadOnlyList<PairedComparison> CompareWithLongContext(IEnumerable<ResultRecord> results, IReadOnlyList<PipelineSummary> summaries)
    {
        // Declined examples are n/a: they enter no pair.
        var rows = results.GroupBy(r => (r.TaskName, r.Pipeline, r.ModelId))
            .ToDictionary(g => g.Key, g => g.Where(r => r.Outcome != ExampleOutcome.Declined).ToDictionary(r => r.QueryId, StringComparer.Ordinal));
        var comparisons = new List<PairedComparison>();
        foreach (var task in summaries.GroupBy(s => s.TaskName))
        {
            foreach (var b in task.Where(s => s.Pipeline == LongContextPipeline.PipelineName))
            {
                foreach (var a in task.Where(s => s.Pipeline != LongContextPipeline.PipelineName))
                {
                    var rowsA = rows[(a.TaskName, a.Pipeline, a.ModelId)];
                    var rowsB = rows[(b.TaskName, b.Pipeline, b.ModelId)];
                    var shared = rowsA.Keys.Intersect(rowsB.Keys).Order(StringComparer.Ordinal).ToList();
                    foreach (var metric in a.Scores.Keys.Intersect(b.Scores.Keys).Order(StringComparer.Ordinal))
                    {
                        var scoresA = shared.Select(q => Score(rowsA[q], metric)).ToList();
                        var scoresB = shared.Select(q => Score(rowsB[q], metric)).ToList();
                        if (bootstrap.PairedDifference(scoresA, scoresB) is { } d)
                        {
                            // Right/wrong scores also get McNemar's exact test and the 2×2 table.
                            var agreement = Wilson.IsBinary(scoresA) && Wilson.IsBinary(scoresB) ? Agreement.Of(scoresA, scoresB) : null;
                            comparisons.Add(new PairedComparison(task.Key, metric, a, b, d) { Agreement = agreement });
                        }
                    }
                }
            }
        }

        return comparisons;
    }

    private PipelineSummary Summarize((string TaskName, string Pipeline, string ModelId) key, IReadOnlyList<ResultRecord> rows)
    {
        // Declined examples (the model cannot do the kind) are n/a: out of the means, never counted as 0.
        var all = rows.Where(r => r.Outcome != ExampleOutcome.Declined).ToList();
        var succeeded = all.Where(r => r.Error is null).ToList();
        var names = succeeded.SelectMany(r => r.Scores.Keys).Distinct().ToList();
        var intervals = names.ToDictionary(n => n, n => Interval(all.Select(r => Score(r, n)).ToList()));
        var costs = succeeded.Where(r => r.CostUsd is not null).Select(r => r.CostUsd!.Value).ToList();
        var timed = succeeded.Where(r => !r.CacheHit).ToList(); // replayed answers took no model time
        return new PipelineSummary(
            key.TaskName,
            key.Pipeline,
            key.ModelId,
            intervals,
            costs.Count == 0 ? null : bootstrap.Mean(costs),
            Mean(succeeded.Select(r => (double?)r.InputTokens)),
            Mean(succeeded.Select(r => (double?)r.OutputTokens)),
            Percentiles.Of(timed.Where(r => r.TotalMs is not null).Select(r => r.TotalMs!.Value), 50),
            Percentiles.Of(timed.Where(r => r.TotalMs is not null).Select(r => r.TotalMs!.Value), 95),
            Percentiles.Of(timed.Where(r => r.RetrievalMs is > 0).Select(r => r.RetrievalMs!.Value), 50),
            all.Count,
            all.Count - succeeded.Count);
    }

    /// <summary>Only each line's leading score with its interval: what a trend over many runs needs, without every other metric's bootstrap.</summary>
    public IReadOnlyDictionary<(string TaskName, string Pipeline, string ModelId), Interval> LeadingScores(IEnumerable<ResultRecord> results, IReadOnlyDictionary<string, string> primaryMetricByTask)
        => results.Where(r => r.Outcome != ExampleOutcome.Declined && primaryMetricByTask.ContainsKey(r.TaskName))
            .GroupBy(r => (r.TaskName, r.Pipeline, r.ModelId))
            .ToDictionary(g => g.Key, g => Interval(g.OrderBy(r => r.QueryId, StringComparer.Ordinal).Select(r => Score(r, primaryMetricByTask[r.TaskName])).ToList()));

    private Interval Interval(IReadOnlyList<double> values) => ScoreIntervals.Of(values, bootstrap);

    /// <summary>A row's value of one score; a failed example scores 0.</summary>
    public static double Score(ResultRecord row, string metric) => row.Error is null ? row.Scores.GetValueOrDefault(metric) : 0;

    private static double? Mean(IEnumerable<double?> values)
    {
        var present = values.Where(v => v is not null).Select(v => v!.Value).ToList();
        return present.Count == 0 ? null : present.Average();
    }
}
