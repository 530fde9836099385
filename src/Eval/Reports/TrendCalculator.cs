using System.Globalization;
using LoftCompare.Results;
using LoftCompare.Eval.Statistics;

namespace LoftCompare.Eval.Reports;

/// <summary>One (task, pipeline, model) over a suite's runs: latest, previous, baseline, period medians, the largest shift.</summary>
public sealed record TrendLine(
    string TaskName, string Metric, string Pipeline, string ModelId,
    (RunRecord Run, Interval Score) Latest, Interval? Previous, (RunRecord Run, Interval Score) Baseline,
    IReadOnlyDictionary<string, double> PeriodMedians, (string To, double From, double Value)? LargestShift, int Runs);

/// <summary>
/// A suite's trend summarised so it stays readable after years: per line the latest run, the one before, the first in
/// the window as baseline, weekly (up to 12 weeks) or monthly medians, and the largest move between consecutive periods.
/// Only each line's leading score is computed per run, and runs are read side by side.
/// </summary>
public sealed class TrendCalculator(IRunQueries store)
{
    /// <summary>How many weekly or monthly medians a trend shows.</summary>
    public const int Periods = 6;

    public sealed record Trend(
        IReadOnlyList<RunRecord> Runs, bool Weekly, IReadOnlyList<string> Periods, IReadOnlyList<TrendLine> Lines,
        IReadOnlyList<IReadOnlyDictionary<(string TaskName, string Pipeline, string ModelId), Interval>> ScoresByRun);

    public async Task<Trend> ComputeAsync(string suiteName, int days, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var runs = (await store.GetRunsOfSuiteAsync(suiteName, now.AddDays(-days), cancellationToken)).Where(r => r.Status != RunStatus.Running).ToList();
        if (runs.Count == 0)
        {
            throw new UsageException($"Suite '{suiteName}' has no finished runs in the last {days} day(s).");
        }

        // A finished run's leading scores were stored when it ended; older runs' rows are read, one run per core.
        var scores = new IReadOnlyDictionary<(string TaskName, string Pipeline, string ModelId), Interval>[runs.Count];
        var primaries = new IReadOnlyDictionary<string, string>[runs.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, runs.Count), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, async (i, token) =>
        {
            if (await StoredSummaries.ReadAsync(store, runs[i], token) is { } stored && LeadingScores(stored) is { } fromLines)
            {
                (primaries[i], scores[i]) = (stored.PrimaryMetrics, fromLines);
                return;
            }

            var results = await store.GetResultsAsync(runs[i].RunId, token);
            primaries[i] = MarkdownReportWriter.PrimaryMetrics(results);
            scores[i] = new ResultSummarizer(Bootstrap.ForRun(runs[i].BootstrapSeed)).LeadingScores(results, primaries[i]);
        });

        var weekly = (runs[^1].StartedAt - runs[0].StartedAt).TotalDays <= 7 * 12;
        var periods = runs.Select(r => Period(r.StartedAt, weekly)).Distinct().TakeLast(Periods).ToList();
        var lines = new List<TrendLine>();
        var keys = scores.SelectMany(s => s.Keys).Distinct().OrderBy(k => k.TaskName, StringComparer.Ordinal).ThenBy(k => k.Pipeline, StringComparer.Ordinal).ThenBy(k => k.ModelId, StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var metric = primaries.Select(p => p.GetValueOrDefault(key.TaskName)).LastOrDefault(m => m is not null);
            var points = Enumerable.Range(0, runs.Count).Where(i => scores[i].ContainsKey(key)).Select(i => (Run: runs[i], Score: scores[i][key])).ToList();
            if (metric is null || points.Count == 0)
            {
                continue;
            }

            var medians = points.GroupBy(p => Period(p.Run.StartedAt, weekly)).ToDictionary(g => g.Key, g => Percentiles.Of(g.Select(p => p.Score.Estimate), 50)!.Value);
            var ordered = points.Select(p => Period(p.Run.StartedAt, weekly)).Distinct().ToList();
            var shift = ordered.Zip(ordered.Skip(1)).Select(pair => (To: pair.Second, From: medians[pair.First], Value: medians[pair.Second]))
                .Where(s => Math.Abs(s.Value - s.From) >= 0.0005).OrderByDescending(s => Math.Abs(s.Value - s.From)).Cast<(string, double, double)?>().FirstOrDefault();
            lines.Add(new TrendLine(key.TaskName, metric, key.Pipeline, key.ModelId, points[^1], points.Count >= 2 ? points[^2].Score : null, points[0], medians, shift, points.Count));
        }

        return new Trend(runs, weekly, periods, lines, scores);
    }

    /// <summary>Each line's leading score from a run's stored lines; null when a line lacks it (every example failed: only the rows give its zeros).</summary>
    private static Dictionary<(string TaskName, string Pipeline, string ModelId), Interval>? LeadingScores(RunSummaries stored)
    {
        var scores = new Dictionary<(string TaskName, string Pipeline, string ModelId), Interval>();
        foreach (var line in stored.Lines.Where(l => stored.PrimaryMetrics.ContainsKey(l.TaskName)))
        {
            if (line.Scores.TryGetValue(stored.PrimaryMetrics[line.TaskName], out var score))
            {
                scores[(line.TaskName, line.Pipeline, line.ModelId)] = score;
            }
            else if (line.Examples > 0)
            {
                return null;
            }
        }

        return scores;
    }

    /// <summary>ISO week (<c>2026-W48</c>) or month (<c>2026-11</c>) of a run's start.</summary>
    public static string Period(DateTimeOffset started, bool weekly)
    {
        var utc = started.UtcDateTime;
        return weekly ? $"{ISOWeek.GetYear(utc)}-W{ISOWeek.GetWeekOfYear(utc):00}" : utc.ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }
}
