using System.Globalization;
using LoftCompare.Eval.Results;
using LoftCompare.Pipelines.Running;
using ScottPlot;

namespace LoftCompare.Eval.Reports.Charts;

/// <summary>
/// The run report's charts, drawn with ScottPlot as PNGs beside the report: quality against cost (with the Pareto
/// front), quality against context length, accuracy by gold-document depth (lost in the middle), a depth × length
/// heatmap for long context, and latency distributions. A chart with nothing to show is left out, never drawn empty.
/// </summary>
public sealed class ReportCharts
{
    private const int Width = 900;
    private const int Height = 520;

    /// <param name="costLines">Per task, each pipeline's setup and per-query cost, for the total-cost-vs-queries charts.</param>
    public IReadOnlyList<ChartImage> Render(
        IReadOnlyList<ResultRecord> results, IReadOnlyList<PipelineSummary> summaries, IReadOnlyDictionary<string, string> primaryMetricByTask, string reportFolder, string imageFolderName,
        IReadOnlyList<(string TaskName, IReadOnlyList<Costs.CostLine> Lines)>? costLines = null)
    {
        var folder = Path.Combine(reportFolder, imageFolderName);
        Directory.CreateDirectory(folder);
        var charts = new List<ChartImage?>
        {
            QualityVersusCost(summaries, primaryMetricByTask, folder, imageFolderName),
            QualityVersusContext(summaries, primaryMetricByTask, folder, imageFolderName),
            LostInTheMiddle(results, folder, imageFolderName),
            DepthHeatmap(results, summaries, folder, imageFolderName),
            Latency(results, folder, imageFolderName),
        };
        charts.AddRange((costLines ?? []).Where(t => t.Lines.Count > 1).Select((t, i) => CostVersusQueries(t.TaskName, t.Lines, i, folder, imageFolderName)));
        return charts.OfType<ChartImage>().ToList();
    }

    private static ChartImage? QualityVersusCost(IReadOnlyList<PipelineSummary> summaries, IReadOnlyDictionary<string, string> primary, string folder, string prefix)
    {
        var tradeoffs = TradeoffCalculator.Compute(summaries, primary).Where(t => t.CostPer1kUsd is not null).ToList();
        if (tradeoffs.Count == 0)
        {
            return null;
        }

        var plot = NewPlot("Quality vs cost (filled: Pareto-optimal within its task)", "$ per 1,000 queries", "leading metric of the task");
        var palette = new ScottPlot.Palettes.Category10();
        foreach (var (task, index) in tradeoffs.GroupBy(t => t.TaskName).Select((g, i) => (g, i)))
        {
            var color = palette.GetColor(index);
            foreach (var point in task)
            {
                var marker = plot.Add.Marker(point.CostPer1kUsd!.Value, point.Quality.Estimate, point.ParetoOptimal ? MarkerShape.FilledCircle : MarkerShape.OpenCircle, 12, color);
                var whisker = plot.Add.Line(point.CostPer1kUsd.Value, point.Quality.Low, point.CostPer1kUsd.Value, point.Quality.High);
                whisker.Color = color;
                var label = plot.Add.Text($"{point.TaskName} · {point.Pipeline}", point.CostPer1kUsd.Value, point.Quality.Estimate);
                label.LabelFontSize = 11;
                label.LabelFontColor = color;
                label.LabelOffsetX = 8;
                marker.LegendText = string.Empty;
            }

            var front = task.Where(t => t.ParetoOptimal).OrderBy(t => t.CostPer1kUsd).ToList();
            if (front.Count > 1)
            {
                var line = plot.Add.ScatterLine(front.Select(t => t.CostPer1kUsd!.Value).ToArray(), front.Select(t => t.Quality.Estimate).ToArray());
                line.Color = color.WithAlpha(0.5);
                line.LinePattern = LinePattern.Dashed;
            }
        }

        plot.Axes.SetLimitsY(-0.05, 1.1);
        plot.Axes.Margins(left: 0.1, right: 0.35);
        return Save(plot, folder, prefix, "quality-vs-cost.png", "Quality vs $ per 1,000 queries", "Each point is a pipeline on a task, with its 95% interval as a vertical bar; filled points are not beaten on both quality and cost.");
    }

    private static ChartImage? QualityVersusContext(IReadOnlyList<PipelineSummary> summaries, IReadOnlyDictionary<string, string> primary, string folder, string prefix)
    {
        var points = summaries.Where(s => primary.ContainsKey(s.TaskName) && s.MeanInputTokens is > 0 && s.Scores.ContainsKey(primary[s.TaskName])).ToList();
        if (points.Count == 0)
        {
            return null;
        }

        var plot = NewPlot("Quality vs context length per pipeline", "input tokens per query (mean)", "leading metric of the task");
        var palette = new ScottPlot.Palettes.Category10();
        foreach (var (pipeline, index) in points.GroupBy(p => p.Pipeline).OrderBy(g => g.Key, StringComparer.Ordinal).Select((g, i) => (g, i)))
        {
            var ordered = pipeline.OrderBy(p => p.MeanInputTokens).ToList();
            var series = plot.Add.Scatter(ordered.Select(p => p.MeanInputTokens!.Value).ToArray(), ordered.Select(p => p.Scores[primary[p.TaskName]].Estimate).ToArray(), palette.GetColor(index));
            series.LegendText = pipeline.Key;
            series.MarkerSize = 10;
            series.LineWidth = 0; // points of different tasks are not a curve; each is labelled with its task
            foreach (var p in ordered)
            {
                var label = plot.Add.Text(p.TaskName, p.MeanInputTokens!.Value, p.Scores[primary[p.TaskName]].Estimate);
                label.LabelFontSize = 10;
                label.LabelOffsetX = 6;
                label.LabelFontColor = palette.GetColor(index);
            }
        }

        plot.Axes.SetLimitsY(-0.05, 1.1);
        plot.Axes.Margins(left: 0.1, right: 0.25);
        plot.ShowLegend(Alignment.LowerRight);
        return Save(plot, folder, prefix, "quality-vs-context.png", "Quality vs context length", "Tokens each pipeline put in front of its model per query, against the task's leading metric.");
    }

    private static ChartImage? LostInTheMiddle(IReadOnlyList<ResultRecord> results, string folder, string prefix)
    {
        var groups = WithDepth(results).GroupBy(r => (r.TaskName, r.Pipeline)).Where(g => g.Any()).OrderBy(g => g.Key.TaskName, StringComparer.Ordinal).ThenBy(g => g.Key.Pipeline, StringComparer.Ordinal).ToList();
        if (groups.Count == 0)
        {
            return null;
        }

        var plot = NewPlot("Accuracy by position of the gold document (lost in the middle)", "depth of the gold document in the corpus", "share of queries answered correctly");
        var palette = new ScottPlot.Palettes.Category10();
        foreach (var (group, index) in groups.Select((g, i) => (g, i)))
        {
            var bins = Enumerable.Range(0, DepthBins.Count).Select(b => group.Where(r => DepthBins.Of(r.GoldDepth!.Value) == b).ToList()).ToList();
            var xs = Enumerable.Range(0, DepthBins.Count).Where(b => bins[b].Count > 0).ToList();
            var series = plot.Add.Scatter(xs.Select(b => (double)b).ToArray(), xs.Select(b => bins[b].Average(Correct)).ToArray(), palette.GetColor(index));
            series.LegendText = $"{group.Key.TaskName} · {group.Key.Pipeline}";
            series.MarkerSize = 8;
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(Enumerable.Range(0, DepthBins.Count).Select(b => (double)b).ToArray(), Enumerable.Range(0, DepthBins.Count).Select(DepthBins.Label).ToArray());
        plot.Axes.SetLimits(-0.3, DepthBins.Count - 0.7, -0.05, 1.1);
        plot.ShowLegend(Alignment.LowerLeft);
        return Save(plot, folder, prefix, "lost-in-the-middle.png", "Accuracy by gold-document depth", "Queries binned by where their gold document sits in the corpus (for RAG, in the corpus before retrieval).");
    }

    private static ChartImage? DepthHeatmap(IReadOnlyList<ResultRecord> results, IReadOnlyList<PipelineSummary> summaries, string folder, string prefix)
    {
        // Declined examples (the model cannot do the kind) are n/a: left out, so their cells stay empty rather than 0%.
        var longContext = WithDepth(results).Where(r => r.Pipeline == LongContextPipeline.PipelineName && r.Outcome != ExampleOutcome.Declined).ToList();
        if (longContext.Count == 0)
        {
            return null;
        }

        // Columns: (task, long-context model) ordered by context length; rows: depth bins (top = start of the context).
        var lengths = summaries.Where(s => s.Pipeline == LongContextPipeline.PipelineName && s.MeanInputTokens is not null)
            .ToDictionary(s => (s.TaskName, s.ModelId), s => s.MeanInputTokens!.Value);
        var severalModels = longContext.Select(r => r.ModelId).Distinct().Count() > 1;
        var columns = longContext.Select(r => (r.TaskName, r.ModelId)).Distinct()
            .OrderBy(c => lengths.GetValueOrDefault(c)).ThenBy(c => c.TaskName, StringComparer.Ordinal).ThenBy(c => c.ModelId, StringComparer.Ordinal).ToList();
        var cells = new double[DepthBins.Count, columns.Count];
        for (var b = 0; b < DepthBins.Count; b++)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                var inCell = longContext.Where(r => (r.TaskName, r.ModelId) == columns[c] && DepthBins.Of(r.GoldDepth!.Value) == b).ToList();
                cells[b, c] = inCell.Count == 0 ? double.NaN : inCell.Average(Correct);
            }
        }

        var plot = NewPlot("Long context: accuracy by gold depth × context length", "task (context length, tokens)", "depth of the gold document");
        var heatmap = plot.Add.Heatmap(cells);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        heatmap.FlipVertically = true;
        plot.Add.ColorBar(heatmap).Label = "share correct";
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, columns.Count).Select(c => (double)c).ToArray(),
            columns.Select(c => $"{c.TaskName}{(severalModels ? $" · {c.ModelId}" : string.Empty)} ({lengths.GetValueOrDefault(c).ToString("N0", CultureInfo.InvariantCulture)})").ToArray());
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, DepthBins.Count).Select(b => (double)(DepthBins.Count - 1 - b)).ToArray(),
            Enumerable.Range(0, DepthBins.Count).Select(DepthBins.Label).ToArray());
        return Save(plot, folder, prefix, "depth-heatmap.png", "Long-context accuracy by gold depth and context length", "Needle-in-a-haystack view: each cell is the share of long-context answers correct for gold documents at that depth; blank cells had no queries.");
    }

    private static ChartImage? Latency(IReadOnlyList<ResultRecord> results, string folder, string prefix)
    {
        var groups = results.Where(r => r.Error is null && r.TotalMs is not null).GroupBy(r => (r.TaskName, r.Pipeline))
            .OrderBy(g => g.Key.TaskName, StringComparer.Ordinal).ThenBy(g => g.Key.Pipeline, StringComparer.Ordinal).ToList();
        if (groups.Count == 0)
        {
            return null;
        }

        var plot = NewPlot("Latency distribution per pipeline", "latency per query (ms, log scale)", "share of queries at or below");
        var palette = new ScottPlot.Palettes.Category10();
        foreach (var (group, index) in groups.Select((g, i) => (g, i)))
        {
            var sorted = group.Select(r => Math.Max(r.TotalMs!.Value, 0.01)).Order().ToArray();
            var series = plot.Add.Scatter(sorted.Select(Math.Log10).ToArray(), sorted.Select((_, i) => (i + 1) / (double)sorted.Length).ToArray(), palette.GetColor(index));
            series.LegendText = $"{group.Key.TaskName} · {group.Key.Pipeline}";
            series.MarkerSize = 3;
            series.ConnectStyle = ConnectStyle.StepHorizontal;
        }

        plot.Axes.Bottom.TickGenerator = LogTicks();
        plot.Axes.SetLimitsY(0, 1.05);
        plot.ShowLegend(Alignment.LowerRight);
        return Save(plot, folder, prefix, "latency.png", "Latency distribution", "Cumulative distribution of wall time per query, retrieval included.");
    }

    /// <summary>Total $ for N queries over one corpus, per pipeline: setup + N × per-query cost, to past the break-even point.</summary>
    private static ChartImage CostVersusQueries(string task, IReadOnlyList<Costs.CostLine> lines, int index, string folder, string prefix)
    {
        var crossings = lines.SelectMany(a => lines.Select(b => Costs.CostLine.BreakEven(a, b))).OfType<double>().ToList();
        var maxQueries = Math.Max(1_000, crossings.Count == 0 ? 0 : Math.Ceiling(crossings.Max() * 3));
        var plot = NewPlot($"{task}: total cost vs queries per corpus", "queries over one corpus", "total $ (setup + per-query)");
        var palette = new ScottPlot.Palettes.Category10();
        foreach (var (line, i) in lines.Select((l, i) => (l, i)))
        {
            var series = plot.Add.Line(0, line.SetupUsd, maxQueries, line.Total(maxQueries));
            series.Color = palette.GetColor(i);
            series.LineWidth = 2;
            series.LegendText = $"{line.Pipeline}: ${line.SetupUsd.ToString("0.#####", CultureInfo.InvariantCulture)} + ${(line.PerQueryUsd * 1000).ToString("0.####", CultureInfo.InvariantCulture)}/1k queries";
        }

        plot.Axes.SetLimits(0, maxQueries, 0, lines.Max(l => l.Total(maxQueries)) * 1.05);
        plot.ShowLegend(Alignment.UpperLeft);
        var name = $"cost-vs-queries-{index + 1}.png";
        return Save(plot, folder, prefix, name, $"Total cost vs queries: {task}", "Each line is setup (embedding the corpus, filling a prefix cache) plus per-query cost; where two lines cross is the break-even number of queries per corpus.");
    }

    private static ScottPlot.TickGenerators.NumericManual LogTicks()
    {
        double[] values = [0.1, 1, 10, 100, 1_000, 10_000, 100_000];
        return new ScottPlot.TickGenerators.NumericManual(values.Select(Math.Log10).ToArray(), values.Select(v => v.ToString("0.#", CultureInfo.InvariantCulture)).ToArray());
    }

    /// <summary>Rows with a gold depth, less declined ones (n/a is missing, never 0%).</summary>
    private static IEnumerable<ResultRecord> WithDepth(IEnumerable<ResultRecord> results) => results.Where(r => r.GoldDepth is not null && r.Outcome != ExampleOutcome.Declined);

    /// <summary>An example counts as correct when its leading score is 1 (failed examples are wrong).</summary>
    private static double Correct(ResultRecord row) => row.Error is null && row.PrimaryScore >= 1 ? 1 : 0;

    private static Plot NewPlot(string title, string x, string y)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(x);
        plot.YLabel(y);
        return plot;
    }

    private static ChartImage Save(Plot plot, string folder, string prefix, string fileName, string title, string caption)
    {
        plot.SavePng(Path.Combine(folder, fileName), Width, Height);
        return new ChartImage(title, $"{prefix}/{fileName}", caption);
    }
}
