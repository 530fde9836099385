using System.Globalization;
using System.Text;
using LoftCompare.Eval.Results;
using LoftCompare.Eval.Statistics;
using ScottPlot;

namespace LoftCompare.Eval.Reports;

/// <summary>Reports across runs: one run against another, and the trend of a suite over its recent runs, flagging regressions.</summary>
public sealed class HistoryReportWriter(IRunQueries store)
{
    public async Task<string> WriteComparisonAsync(string newerRunId, string olderRunId, string outputFolder, CancellationToken cancellationToken = default)
    {
        var newer = await store.GetRunAsync(newerRunId, cancellationToken) ?? throw new InvalidOperationException($"Run '{newerRunId}' is not in the results database.");
        var older = await store.GetRunAsync(olderRunId, cancellationToken) ?? throw new InvalidOperationException($"Run '{olderRunId}' is not in the results database.");
        var deltas = await DeltasAsync(older, newer, cancellationToken);

        var md = new StringBuilder();
        md.AppendLine($"# Run `{newer.RunId}` compared with `{older.RunId}`").AppendLine();
        md.AppendLine($"- **Newer:** {MarkdownText.Cell(newer.SuiteName)}, started {newer.StartedAt}, app {newer.AppVersion}, {newer.Status}");
        md.AppendLine($"- **Older:** {MarkdownText.Cell(older.SuiteName)}, started {older.StartedAt}, app {older.AppVersion}, {older.Status}").AppendLine();
        AppendDeltaTable(md, deltas);
        md.AppendLine().AppendLine("Change = newer − older on the task's leading metric with a 95% bootstrap interval (paired by query when both runs used the same task set, by content hash). **Regression** marks a drop whose whole interval lies below zero.");
        Directory.CreateDirectory(outputFolder);
        var path = Path.Combine(outputFolder, $"compare-{newer.RunId}-vs-{older.RunId}.md");
        await File.WriteAllTextAsync(path, md.ToString(), cancellationToken);
        return path;
    }

    public async Task<string> WriteTrendAsync(string suiteName, int days, DateTimeOffset now, string outputFolder, CancellationToken cancellationToken = default)
    {
        var runs = (await store.GetRunsOfSuiteAsync(suiteName, now.AddDays(-days), cancellationToken)).Where(r => r.Status != RunStatus.Running).ToList();
        if (runs.Count == 0)
        {
            throw new InvalidOperationException($"Suite '{suiteName}' has no finished runs in the last {days} day(s).");
        }

        // Only the leading score per line and run: a year of nightly runs stays quick.
        // Runs are read side by side (one per core): reading the rows is most of a long trend's time.
        var summaries = new (RunRecord Run, IReadOnlyDictionary<(string TaskName, string Pipeline, string ModelId), Interval> Lines, IReadOnlyDictionary<string, string> Primary)[runs.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, runs.Count), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var results = await store.GetResultsAsync(runs[i].RunId, token);
            var primary = MarkdownReportWriter.PrimaryMetrics(results);
            summaries[i] = (runs[i], new ResultSummarizer(Bootstrap.ForRun(runs[i].BootstrapSeed)).LeadingScores(results, primary), primary);
        });

        var slug = FileSafe(suiteName);
        var imageFolder = $"trend-{slug}";
        Directory.CreateDirectory(Path.Combine(outputFolder, imageFolder));
        var weekly = (runs[^1].StartedAt - runs[0].StartedAt).TotalDays <= 7 * 12;
        var md = new StringBuilder();
        md.AppendLine($"# Trend of suite {MarkdownText.Cell(suiteName)}: {runs.Count} run(s) in the last {days} day(s)").AppendLine();
        md.AppendLine($"From {runs[0].StartedAt} to {runs[^1].StartedAt}. Per pipeline: the latest run, the one before, the first run in the window as baseline, "
            + $"{(weekly ? "weekly" : "monthly")} medians of the last {Periods} {(weekly ? "weeks" : "months")} with runs, and the largest shift between consecutive periods.").AppendLine();
        var keys = summaries.SelectMany(s => s.Lines.Keys).Distinct().OrderBy(k => k.TaskName, StringComparer.Ordinal).ThenBy(k => k.Pipeline, StringComparer.Ordinal).ToList();
        foreach (var task in keys.GroupBy(k => k.TaskName))
        {
            var metric = summaries.Select(s => s.Primary.GetValueOrDefault(task.Key)).LastOrDefault(m => m is not null);
            if (metric is null)
            {
                continue;
            }

            var periods = summaries.Select(s => Period(s.Run.StartedAt, weekly)).Distinct().TakeLast(Periods).ToList();
            md.AppendLine($"## Task {MarkdownText.Cell(task.Key)} ({metric})").AppendLine();
            md.Append("| Pipeline | Model | Latest | Previous | Baseline | Latest − baseline |");
            periods.ForEach(p => md.Append($" {p} median |"));
            md.AppendLine(" Largest shift | Runs |");
            md.Append("|---|---|---:|---:|---:|---:|");
            periods.ForEach(_ => md.Append("---:|"));
            md.AppendLine("---|---:|");
            foreach (var key in task)
            {
                var points = summaries.Where(s => s.Lines.ContainsKey(key)).Select(s => (s.Run, Score: s.Lines[key])).ToList();
                if (points.Count == 0)
                {
                    continue;
                }

                var (latest, baseline) = (points[^1], points[0]);
                var previous = points.Count >= 2 ? Ci(points[^2].Score) : "–";
                var medians = points.GroupBy(p => Period(p.Run.StartedAt, weekly)).ToDictionary(g => g.Key, g => Median(g.Select(p => p.Score.Estimate)));
                var ordered = points.Select(p => Period(p.Run.StartedAt, weekly)).Distinct().ToList();
                var shifts = ordered.Zip(ordered.Skip(1)).Select(pair => (To: pair.Second, From: medians[pair.First], Value: medians[pair.Second])).ToList();
                var shift = shifts.Count == 0 ? default : shifts.MaxBy(s => Math.Abs(s.Value - s.From));
                md.Append($"| {key.Pipeline} | {MarkdownText.Cell(key.ModelId)} | {Ci(latest.Score)} ({StoredText.Of(latest.Run.StartedAt)[..10]}) | {previous} | {Ci(baseline.Score)} ({StoredText.Of(baseline.Run.StartedAt)[..10]}) | {Signed(latest.Score.Estimate - baseline.Score.Estimate)} |");
                periods.ForEach(p => md.Append(medians.TryGetValue(p, out var m) ? $" {F(m)} |" : " – |"));
                md.AppendLine($" {(shifts.Count == 0 || Math.Abs(shift.Value - shift.From) < 0.0005 ? "none" : $"{shift.To}: {F(shift.From)} → {F(shift.Value)}")} | {points.Count} |");
            }

            var chart = TrendChart(task.Key, metric, task.ToList(), summaries.Select(s => s.Lines).ToList(), summaries.Select(s => s.Run.StartedAt).ToList(), Path.Combine(outputFolder, imageFolder));
            md.AppendLine().AppendLine($"![{metric} over runs for {MarkdownText.Cell(task.Key)}]({imageFolder}/{chart})").AppendLine();
        }

        if (runs.Count >= 2)
        {
            md.AppendLine($"## Latest run against the one before ({runs[^1].RunId} vs {runs[^2].RunId})").AppendLine();
            AppendDeltaTable(md, await DeltasAsync(runs[^2], runs[^1], cancellationToken));
        }

        var path = Path.Combine(outputFolder, $"trend-{slug}.md");
        await File.WriteAllTextAsync(path, md.ToString(), cancellationToken);
        return path;
    }

    private async Task<IReadOnlyList<RunDelta>> DeltasAsync(RunRecord older, RunRecord newer, CancellationToken cancellationToken)
        => new RunDeltaCalculator(Bootstrap.ForRun(newer.BootstrapSeed)).Compare(
            await store.GetResultsAsync(older.RunId, cancellationToken),
            await store.GetRunTasksAsync(older.RunId, cancellationToken),
            await store.GetResultsAsync(newer.RunId, cancellationToken),
            await store.GetRunTasksAsync(newer.RunId, cancellationToken));

    private static void AppendDeltaTable(StringBuilder md, IReadOnlyList<RunDelta> deltas)
    {
        if (deltas.Count == 0)
        {
            md.AppendLine("No (task, pipeline, model) appears in both runs.");
            return;
        }

        md.AppendLine("| Task | Pipeline | Model | Metric | Older (95% CI) | Newer (95% CI) | Change (95% CI) | Paired | $ / 1k queries older → newer | Flag |");
        md.AppendLine("|---|---|---|---|---:|---:|---:|---|---:|---|");
        foreach (var d in deltas)
        {
            var cost = d.OlderCostPer1k is null && d.NewerCostPer1k is null ? "n/a" : $"{Money(d.OlderCostPer1k)} → {Money(d.NewerCostPer1k)}";
            md.AppendLine($"| {MarkdownText.Cell(d.TaskName)} | {d.Pipeline} | {MarkdownText.Cell(d.ModelId)} | {d.Metric} | {Ci(d.Older)} | {Ci(d.Newer)} | {Signed(d.Change.Estimate)} [{Signed(d.Change.Low)}, {Signed(d.Change.High)}] | {(d.Paired ? "yes" : "no")} | {cost} | {(d.Regression ? "**Regression**" : d.Change.Low > 0 ? "improved" : string.Empty)} |");
        }
    }

    /// <summary>The leading score of each pipeline over the runs, on a date axis (when each run started), with its intervals.</summary>
    private static string TrendChart(string task, string metric, IReadOnlyList<(string TaskName, string Pipeline, string ModelId)> keys, IReadOnlyList<IReadOnlyDictionary<(string TaskName, string Pipeline, string ModelId), Interval>> runs, IReadOnlyList<DateTimeOffset> started, string folder)
    {
        var plot = new Plot();
        plot.Title($"{task}: {metric} over runs");
        plot.XLabel("run start (UTC)");
        plot.YLabel(metric);
        foreach (var (key, index) in keys.Select((k, i) => (k, i)))
        {
            var color = Charts.ChartStyle.Colour(index);
            var points = runs.Select((lines, i) => (X: started[i].UtcDateTime.ToOADate(), Score: lines.TryGetValue(key, out var score) ? score : (Interval?)null))
                .Where(p => p.Score is not null).Select(p => (p.X, Score: p.Score!.Value)).ToList();
            var series = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.Score.Estimate).ToArray(), color);
            series.LegendText = $"{key.Pipeline} · {key.ModelId}";
            series.MarkerShape = Charts.ChartStyle.Shape(index);
            foreach (var p in points)
            {
                plot.Add.Line(p.X, p.Score.Low, p.X, p.Score.High).Color = color.WithAlpha(0.6);
            }
        }

        plot.Axes.DateTimeTicksBottom();
        var span = Math.Max(1.0 / 24, started[^1].UtcDateTime.ToOADate() - started[0].UtcDateTime.ToOADate());
        plot.Axes.SetLimitsX(started[0].UtcDateTime.ToOADate() - (span * 0.05), started[^1].UtcDateTime.ToOADate() + (span * 0.05));
        Charts.ChartStyle.ScoreAxis(plot);
        Charts.ChartStyle.LegendOutside(plot);
        var file = FileSafe(task) + ".png";
        plot.SavePng(Path.Combine(folder, file), 900, 480);
        return file;
    }

    /// <summary>How many weekly or monthly medians the trend shows.</summary>
    private const int Periods = 6;

    /// <summary>ISO week (<c>2026-W48</c>) or month (<c>2026-11</c>) of a run's start.</summary>
    private static string Period(DateTimeOffset started, bool weekly)
    {
        var utc = started.UtcDateTime;
        return weekly ? $"{ISOWeek.GetYear(utc)}-W{ISOWeek.GetWeekOfYear(utc):00}" : utc.ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>A name reduced to letters, digits, '-' and '_' for use in a file name.</summary>
    private static string FileSafe(string name) => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Ci(Interval i) => $"{F(i.Estimate)} [{F(i.Low)}, {F(i.High)}]";

    private static string Signed(double value) => value.ToString("+0.000;−0.000;0.000", CultureInfo.InvariantCulture);

    private static string Money(double? value) => value is null ? "n/a" : "$" + value.Value.ToString("0.0000", CultureInfo.InvariantCulture);
}
