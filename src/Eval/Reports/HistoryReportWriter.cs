using System.Globalization;
using System.Text;
using LoftCompare.Results;
using LoftCompare.Eval.Statistics;
using ScottPlot;

namespace LoftCompare.Eval.Reports;

/// <summary>Reports across runs: one run against another, and the trend of a suite over its recent runs, flagging regressions.</summary>
public sealed class HistoryReportWriter(IRunQueries store)
{
    public async Task<string> WriteComparisonAsync(string newerRunId, string olderRunId, string outputFolder, CancellationToken cancellationToken = default)
    {
        var newer = await store.GetRunAsync(newerRunId, cancellationToken) ?? throw UsageException.RunNotFound(newerRunId);
        var older = await store.GetRunAsync(olderRunId, cancellationToken) ?? throw UsageException.RunNotFound(olderRunId);
        var deltas = await DeltasAsync(older, newer, cancellationToken);

        var md = new StringBuilder();
        md.AppendLine($"# Run `{newer.RunId}` compared with `{older.RunId}`").AppendLine();
        md.AppendLine($"- **Newer:** {MarkdownText.Cell(newer.SuiteName)}, started {StoredText.Readable(newer.StartedAt)}, app {newer.AppVersion}, {newer.Status}");
        md.AppendLine($"- **Older:** {MarkdownText.Cell(older.SuiteName)}, started {StoredText.Readable(older.StartedAt)}, app {older.AppVersion}, {older.Status}").AppendLine();
        AppendDeltaTable(md, deltas);
        md.AppendLine().AppendLine("Change = newer − older on the task's leading metric with a 95% bootstrap interval (paired by query when both runs used the same task set, by content hash). **Regression** marks a drop whose whole interval lies below zero.");
        Directory.CreateDirectory(outputFolder);
        var path = Path.Combine(outputFolder, $"compare-{newer.RunId}-vs-{older.RunId}.md");
        await File.WriteAllTextAsync(path, md.ToString(), cancellationToken);
        return path;
    }

    public async Task<string> WriteTrendAsync(string suiteName, int days, DateTimeOffset now, string outputFolder, CancellationToken cancellationToken = default)
    {
        var trend = await new TrendCalculator(store).ComputeAsync(suiteName, days, now, cancellationToken);
        var runs = trend.Runs;
        var slug = FileSafe(suiteName);
        var imageFolder = $"trend-{slug}";
        Directory.CreateDirectory(Path.Combine(outputFolder, imageFolder));
        var md = new StringBuilder();
        md.AppendLine($"# Trend of suite {MarkdownText.Cell(suiteName)}: {runs.Count} run(s) in the last {days} day(s)").AppendLine();
        md.AppendLine($"From {StoredText.Readable(runs[0].StartedAt)} to {StoredText.Readable(runs[^1].StartedAt)}. Per pipeline: the latest run, the one before, the first run in the window as baseline, "
            + $"{(trend.Weekly ? "weekly" : "monthly")} medians of the last {TrendCalculator.Periods} {(trend.Weekly ? "weeks" : "months")} with runs, and the largest shift between consecutive periods.").AppendLine();
        foreach (var task in trend.Lines.GroupBy(l => l.TaskName))
        {
            var metric = task.First().Metric;
            md.AppendLine($"## Task {MarkdownText.Cell(task.Key)} ({metric})").AppendLine();
            md.Append("| Pipeline | Model | Latest | Previous | Baseline | Latest − baseline |");
            trend.Periods.ToList().ForEach(p => md.Append($" {p} median |"));
            md.AppendLine(" Largest shift | Runs |");
            md.Append("|---|---|---:|---:|---:|---:|");
            trend.Periods.ToList().ForEach(_ => md.Append("---:|"));
            md.AppendLine("---|---:|");
            foreach (var line in task)
            {
                md.Append($"| {line.Pipeline} | {MarkdownText.Cell(line.ModelId)} | {Ci(line.Latest.Score)} ({StoredText.Of(line.Latest.Run.StartedAt)[..10]}) | {(line.Previous is { } previous ? Ci(previous) : "–")} | {Ci(line.Baseline.Score)} ({StoredText.Of(line.Baseline.Run.StartedAt)[..10]}) | {Signed(line.Latest.Score.Estimate - line.Baseline.Score.Estimate)} |");
                trend.Periods.ToList().ForEach(p => md.Append(line.PeriodMedians.TryGetValue(p, out var m) ? $" {F(m)} |" : " – |"));
                md.AppendLine($" {(line.LargestShift is { } shift ? $"{shift.To}: {F(shift.From)} → {F(shift.Value)}" : "none")} | {line.Runs} |");
            }

            var chart = TrendChart(task.Key, metric, task.Select(l => (l.TaskName, l.Pipeline, l.ModelId)).ToList(), trend.ScoresByRun, runs.Select(r => r.StartedAt).ToList(), Path.Combine(outputFolder, imageFolder));
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

    private Task<IReadOnlyList<RunDelta>> DeltasAsync(RunRecord older, RunRecord newer, CancellationToken cancellationToken)
        => new RunDeltaCalculator(Bootstrap.ForRun(newer.BootstrapSeed)).CompareAsync(store, older, newer, cancellationToken);

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

        // The date axis replaces the bottom axis, so its title is set after it (set before, it was lost).
        plot.Axes.DateTimeTicksBottom();
        plot.XLabel("run start (UTC)");
        var span = Math.Max(1.0 / 24, started[^1].UtcDateTime.ToOADate() - started[0].UtcDateTime.ToOADate());
        plot.Axes.SetLimitsX(started[0].UtcDateTime.ToOADate() - (span * 0.05), started[^1].UtcDateTime.ToOADate() + (span * 0.05));
        Charts.ChartStyle.ScoreAxis(plot);
        Charts.ChartStyle.LegendOutside(plot);
        var file = FileSafe(task) + ".png";
        plot.SavePng(Path.Combine(folder, file), 900, 480);
        return file;
    }

    /// <summary>A name reduced to letters, digits, '-' and '_' for use in a file name.</summary>
    private static string FileSafe(string name) => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Ci(Interval i) => $"{F(i.Estimate)} [{F(i.Low)}, {F(i.High)}]";

    private static string Signed(double value) => value.ToString("+0.000;−0.000;0.000", CultureInfo.InvariantCulture);

    private static string Money(double? value) => value is null ? "n/a" : "$" + value.Value.ToString("0.0000", CultureInfo.InvariantCulture);
}
