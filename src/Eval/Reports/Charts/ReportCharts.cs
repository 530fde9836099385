using System.Globalization;
using LoftCompare.Results;
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
    /// <param name="analysis">The run's analysis: the depth and latency charts are drawn from its counts and curves.</param>
    public IReadOnlyList<ChartImage> Render(
        RunAnalysis analysis, IReadOnlyList<PipelineSummary> summaries, IReadOnlyDictionary<string, string> primaryMetricByTask, string reportFolder, string imageFolderName,
        IReadOnlyList<(string TaskName, IReadOnlyList<Costs.CostLine> Lines)>? costLines = null)
    {
        var folder = Path.Combine(reportFolder, imageFolderName);
        Directory.CreateDirectory(folder);
        var charts = new List<ChartImage?>();
        charts.AddRange(QualityVersusCost(summaries, primaryMetricByTask, folder, imageFolderName));
        charts.AddRange(QualityVersusContext(summaries, primaryMetricByTask, folder, imageFolderName));
        charts.AddRange(new[]
        {
            LostInTheMiddle(analysis.Depths, folder, imageFolderName),
            DepthHeatmap(analysis.Depths, summaries, folder, imageFolderName),
            Latency(analysis.Latencies, folder, imageFolderName),
        });
        charts.AddRange((costLines ?? []).Where(t => t.Lines.Count > 1).Select((t, i) => CostVersusQueries(t.TaskName, t.Lines, i, folder, imageFolderName)));
        return charts.OfType<ChartImage>().ToList();
    }

    /// <summary>
    /// One chart per leading metric (two metrics never share an axis): each (task, pipeline) a point at its $ per 1,000
    /// queries and its score with the 95% interval; colour is the task, shape the pipeline, filled when Pareto-optimal
    /// within its task; a legend outside the data names every point, so no label sits on another.
    /// </summary>
    private static IEnumerable<ChartImage> QualityVersusCost(IReadOnlyList<PipelineSummary> summaries, IReadOnlyDictionary<string, string> primary, string folder, string prefix)
    {
        var tradeoffs = TradeoffCalculator.Compute(summaries, primary).Where(t => t.CostPer1kUsd is not null).ToList();
        var pipelines = tradeoffs.Select(t => t.Pipeline).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var (metric, number) in tradeoffs.GroupBy(t => t.Metric).OrderBy(g => g.Key, StringComparer.Ordinal).Select((g, i) => (g, i)))
        {
            var plot = NewPlot($"Quality vs cost: {metric.Key} (filled: Pareto-optimal within its task)", "$ per 1,000 queries", metric.Key);
            var drawn = metric.OrderBy(t => t.TaskName, StringComparer.Ordinal).ThenBy(t => t.Pipeline, StringComparer.Ordinal).ToList();
            var sizes = ChartStyle.StackedSizes(drawn.Select(t => (t.CostPer1kUsd!.Value, t.Quality.Estimate)).ToList(), 14);
            foreach (var (task, index) in metric.GroupBy(t => t.TaskName).OrderBy(g => g.Key, StringComparer.Ordinal).Select((g, i) => (g, i)))
            {
                var color = ChartStyle.Colour(index);
                foreach (var point in task.OrderBy(t => t.Pipeline, StringComparer.Ordinal))
                {
                    var whisker = plot.Add.Line(point.CostPer1kUsd!.Value, point.Quality.Low, point.CostPer1kUsd.Value, point.Quality.High);
                    whisker.Color = color.WithAlpha(0.6);
                    var marker = plot.Add.Marker(point.CostPer1kUsd.Value, point.Quality.Estimate, ChartStyle.ShapeOf(pipelines.IndexOf(point.Pipeline), point.ParetoOptimal), sizes[drawn.IndexOf(point)], color);
                    marker.LegendText = $"{point.TaskName} · {point.Pipeline}";
                }

                var front = task.Where(t => t.ParetoOptimal).OrderBy(t => t.CostPer1kUsd).ToList();
                if (front.Count > 1)
                {
                    var line = plot.Add.ScatterLine(front.Select(t => t.CostPer1kUsd!.Value).ToArray(), front.Select(t => t.Quality.Estimate).ToArray());
                    line.Color = color.WithAlpha(0.5);
                    line.LinePattern = LinePattern.Dashed;
                }
            }

            var maxCost = metric.Max(t => t.CostPer1kUsd!.Value);
            plot.Axes.SetLimitsX(0, maxCost <= 0 ? 1 : maxCost * 1.08);
            ChartStyle.ScoreAxis(plot);
            ChartStyle.LegendOutside(plot);
            yield return Save(plot, folder, prefix, number == 0 ? "quality-vs-cost.png" : $"quality-vs-cost-{number + 1}.png", $"Quality vs $ per 1,000 queries: {metric.Key}",
                "Each point is a pipeline on a task (colour: task; shape: pipeline), with its 95% interval as a vertical bar; filled points are not beaten on both quality and cost within their task; points that coincide are drawn one inside the other.");
        }
    }

    /// <summary>One chart per leading metric: tokens each pipeline put before its model per query against the score; colour is the pipeline, shape the task.</summary>
    private static IEnumerable<ChartImage> QualityVersusContext(IReadOnlyList<PipelineSummary> summaries, IReadOnlyDictionary<string, string> primary, string folder, string prefix)
    {
        var points = summaries.Where(s => primary.ContainsKey(s.TaskName) && s.MeanInputTokens is > 0 && s.Scores.ContainsKey(primary[s.TaskName])).ToList();
        var pipelines = points.Select(p => p.Pipeline).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var (metric, number) in points.GroupBy(p => primary[p.TaskName]).OrderBy(g => g.Key, StringComparer.Ordinal).Select((g, i) => (g, i)))
        {
            var plot = NewPlot($"Quality vs context length: {metric.Key}", "input tokens per query (mean)", metric.Key);
            var tasks = metric.Select(p => p.TaskName).Distinct().Order(StringComparer.Ordinal).ToList();
            var drawn = metric.OrderBy(p => p.Pipeline, StringComparer.Ordinal).ThenBy(p => p.TaskName, StringComparer.Ordinal).ToList();
            var sizes = ChartStyle.StackedSizes(drawn.Select(p => (p.MeanInputTokens!.Value, p.Scores[metric.Key].Estimate)).ToList(), 13);
            foreach (var (point, size) in drawn.Zip(sizes))
            {
                var marker = plot.Add.Marker(point.MeanInputTokens!.Value, point.Scores[metric.Key].Estimate, ChartStyle.ShapeOf(tasks.IndexOf(point.TaskName), filled: true), size, ChartStyle.Colour(pipelines.IndexOf(point.Pipeline)));
                marker.LegendText = $"{point.TaskName} · {point.Pipeline}";
            }

            plot.Axes.SetLimitsX(0, metric.Max(p => p.MeanInputTokens!.Value) * 1.08);
            ChartStyle.ScoreAxis(plot);
            ChartStyle.LegendOutside(plot);
            yield return Save(plot, folder, prefix, number == 0 ? "quality-vs-context.png" : $"quality-vs-context-{number + 1}.png", $"Quality vs context length: {metric.Key}",
                "Tokens each pipeline put in front of its model per query (colour: pipeline; shape: task), against the task's leading metric; points that coincide are drawn one inside the other.");
        }
    }

    private static ChartImage? LostInTheMiddle(IReadOnlyList<DepthCell> depths, string folder, string prefix)
    {
        if (depths.Count == 0)
        {
            return null;
        }

        // More series than colours would be unreadable: then one line per pipeline, pooled over the tasks.
        var pooled = depths.Select(d => (d.TaskName, d.Pipeline)).Distinct().Count() > ChartStyle.Colours;
        var groups = depths.GroupBy(d => pooled ? d.Pipeline : $"{d.TaskName} · {d.Pipeline}").OrderBy(g => g.Key, StringComparer.Ordinal).ToList();

        var plot = NewPlot("Accuracy by position of the gold document (lost in the middle)", "depth of the gold document in the corpus", "share of queries answered correctly");
        foreach (var (group, index) in groups.Select((g, i) => (g, i)))
        {
            var bins = Enumerable.Range(0, DepthBins.Count).Select(b => group.Where(d => d.Bin == b).ToList()).ToList();
            var xs = Enumerable.Range(0, DepthBins.Count).Where(b => bins[b].Sum(d => d.Queries) > 0).ToList();
            var series = plot.Add.Scatter(xs.Select(b => (double)b).ToArray(), xs.Select(b => Share(bins[b])).ToArray(), ChartStyle.Colour(index));
            series.LegendText = pooled ? $"{group.Key} (all tasks)" : group.Key;
            series.MarkerSize = 8;
            series.MarkerShape = ChartStyle.Shape(index);
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(Enumerable.Range(0, DepthBins.Count).Select(b => (double)b).ToArray(), Enumerable.Range(0, DepthBins.Count).Select(DepthBins.Label).ToArray());
        plot.Axes.SetLimitsX(-0.3, DepthBins.Count - 0.7);
        ChartStyle.ScoreAxis(plot);
        ChartStyle.LegendOutside(plot);
        return Save(plot, folder, prefix, "lost-in-the-middle.png", "Accuracy by gold-document depth", pooled
            ? "Queries binned by where their gold document sits in the corpus (for RAG, in the corpus before retrieval); with this many tasks, one line per pipeline over all of them."
            : "Queries binned by where their gold document sits in the corpus (for RAG, in the corpus before retrieval).");
    }

    private static ChartImage? DepthHeatmap(IReadOnlyList<DepthCell> depths, IReadOnlyList<PipelineSummary> summaries, string folder, string prefix)
    {
        // Declined examples (the model cannot do the kind) are n/a: left out of the cells, so theirs stay empty rather than 0%.
        var longContext = depths.Where(d => d.Pipeline == LongContextPipeline.PipelineName).ToList();
        if (longContext.Count == 0)
        {
            return null;
        }

        // Columns: (task, long-context model) ordered by context length; rows: depth bins (top = start of the context).
        var lengths = summaries.Where(s => s.Pipeline == LongContextPipeline.PipelineName && s.MeanInputTokens is not null)
            .ToDictionary(s => (s.TaskName, s.ModelId), s => s.MeanInputTokens!.Value);
        var severalModels = longContext.Select(d => d.ModelId).Distinct().Count() > 1;
        var columns = longContext.Select(d => (d.TaskName, d.ModelId)).Distinct()
            .OrderBy(c => lengths.GetValueOrDefault(c)).ThenBy(c => c.TaskName, StringComparer.Ordinal).ThenBy(c => c.ModelId, StringComparer.Ordinal).ToList();
        var cells = new double[DepthBins.Count, columns.Count];
        for (var b = 0; b < DepthBins.Count; b++)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                var inCell = longContext.Where(d => (d.TaskName, d.ModelId) == columns[c] && d.Bin == b).ToList();
                cells[b, c] = inCell.Sum(d => d.Queries) == 0 ? double.NaN : Share(inCell);
            }
        }

        var plot = NewPlot("Long context: share correct by gold depth × context length (colour scale on the right)", "task and context length (tokens); columns ordered by length", "depth of the gold document");
        var heatmap = plot.Add.Heatmap(cells);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis(); // perceptually uniform and colour-blind safe
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        heatmap.FlipVertically = true;
        plot.Add.ColorBar(heatmap); // titled in the chart title: a colour-bar label sits on its tick labels
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, columns.Count).Select(c => (double)c).ToArray(),
            columns.Select(c => $"{c.TaskName}{(severalModels ? $" · {c.ModelId}" : string.Empty)}\n{lengths.GetValueOrDefault(c).ToString("N0", CultureInfo.InvariantCulture)}").ToArray());
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, DepthBins.Count).Select(b => (double)(DepthBins.Count - 1 - b)).ToArray(),
            Enumerable.Range(0, DepthBins.Count).Select(DepthBins.Label).ToArray());
        return Save(plot, folder, prefix, "depth-heatmap.png", "Long-context accuracy by gold depth and context length", "Needle-in-a-haystack view: each cell is the share of long-context answers correct for gold documents at that depth; blank cells had no queries.");
    }

    private static ChartImage? Latency(IReadOnlyList<LatencyCurve> curves, string folder, string prefix)
    {
        if (curves.Count == 0)
        {
            return null;
        }

        var pooled = curves.Any(c => c.TaskName is null);
        var plot = NewPlot("Latency distribution per pipeline", "latency per query (ms, log scale)", "share of queries at or below");
        foreach (var (curve, index) in curves.Select((c, i) => (c, i)))
        {
            var series = plot.Add.Scatter(curve.Points.Select(p => Math.Log10(p.Ms)).ToArray(), curve.Points.Select(p => p.Share).ToArray(), ChartStyle.Colour(index));
            series.LegendText = curve.Label;
            series.MarkerSize = 4;
            series.MarkerShape = ChartStyle.Shape(index);
            series.ConnectStyle = ConnectStyle.StepHorizontal;
        }

        plot.Axes.Bottom.TickGenerator = LogTicks();
        ChartStyle.ScoreAxis(plot);
        ChartStyle.LegendOutside(plot);
        return Save(plot, folder, prefix, "latency.png", "Latency distribution", pooled
            ? "Cumulative distribution of wall time per query, retrieval included; with this many tasks, one line per pipeline over all of them."
            : "Cumulative distribution of wall time per query, retrieval included.");
    }

    /// <summary>Total $ for N queries over one corpus, per pipeline: setup + N × per-query cost, to past the break-even point.</summary>
    private static ChartImage CostVersusQueries(string task, IReadOnlyList<Costs.CostLine> lines, int index, string folder, string prefix)
    {
        var crossings = lines.SelectMany(a => lines.Select(b => Costs.CostLine.BreakEven(a, b))).OfType<double>().ToList();
        var maxQueries = Math.Max(1_000, crossings.Count == 0 ? 0 : Math.Ceiling(crossings.Max() * 3));
        var plot = NewPlot($"{task}: total cost vs queries per corpus", "queries over one corpus", "total $ (setup + per-query)");
        foreach (var (line, i) in lines.Select((l, i) => (l, i)))
        {
            var series = plot.Add.Line(0, line.SetupUsd, maxQueries, line.Total(maxQueries));
            series.Color = ChartStyle.Colour(i);
            series.LinePattern = i / ChartStyle.Colours == 0 ? LinePattern.Solid : LinePattern.Dashed;
            series.LineWidth = 2;
            series.LegendText = $"{line.Pipeline}: ${line.SetupUsd.ToString("0.#####", CultureInfo.InvariantCulture)} + ${(line.PerQueryUsd * 1000).ToString("0.####", CultureInfo.InvariantCulture)}/1k queries";
        }

        plot.Axes.SetLimits(0, maxQueries, 0, lines.Max(l => l.Total(maxQueries)) * 1.05);
        ChartStyle.LegendOutside(plot);
        var name = $"cost-vs-queries-{index + 1}.png";
        return Save(plot, folder, prefix, name, $"Total cost vs queries: {task}", "Each line is setup (embedding the corpus, filling a prefix cache) plus per-query cost; where two lines cross is the break-even number of queries per corpus.");
    }

    private static ScottPlot.TickGenerators.NumericManual LogTicks()
    {
        double[] values = [0.1, 1, 10, 100, 1_000, 10_000, 100_000];
        return new ScottPlot.TickGenerators.NumericManual(values.Select(Math.Log10).ToArray(), values.Select(v => v.ToString("0.#", CultureInfo.InvariantCulture)).ToArray());
    }

    /// <summary>The share of a bin's queries answered right (a failed example is wrong).</summary>
    private static double Share(IReadOnlyList<DepthCell> cells) => cells.Sum(d => d.Correct) / (double)cells.Sum(d => d.Queries);

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
