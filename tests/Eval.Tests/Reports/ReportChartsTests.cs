using LoftCompare.Eval.Reports;
using LoftCompare.Eval.Reports.Charts;
using LoftCompare.Results;
using LoftCompare.Eval.Statistics;
using LoftCompare.Eval.Tests.Results;

namespace LoftCompare.Eval.Tests.Reports;

public sealed class ReportChartsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("charts-").FullName;

    private static IEnumerable<ResultRecord> Rows(string task, string metric, string pipeline, int n = 10)
        => Enumerable.Range(0, n).Select(i => TestRecords.Result($"q{i}", i % 2) with
        {
            TaskName = task, Pipeline = pipeline, PrimaryMetric = metric, Scores = new Dictionary<string, double> { [metric] = i % 2 }, CostUsd = 0.001, InputTokens = 1000, TotalMs = 5 + i,
        });

    [Fact]
    public void Two_metrics_never_share_an_axis_and_many_series_are_pooled_per_pipeline()
    {
        var results = Rows("retrieval", "recall@1", "rag").Concat(Rows("retrieval", "recall@1", "long-context")).Concat(Rows("qa", "subspan_em", "rag")).Concat(Rows("qa", "subspan_em", "long-context")).ToList();
        var summaries = new ResultSummarizer(new Bootstrap()).Summarize(results);

        var charts = new ReportCharts().Render(RunAnalysis.Of(results, [], MarkdownReportWriter.PrimaryMetrics(results)), summaries, MarkdownReportWriter.PrimaryMetrics(results), folder, "img");

        Assert.Equal(["Quality vs $ per 1,000 queries: recall@1", "Quality vs $ per 1,000 queries: subspan_em"], charts.Where(c => c.Title.StartsWith("Quality vs $", StringComparison.Ordinal)).Select(c => c.Title));
        Assert.All(charts, c => Assert.True(new FileInfo(Path.Combine(folder, c.RelativePath)).Length > 1000, c.RelativePath));
        Assert.DoesNotContain(charts, c => c.Caption.Contains("one line per pipeline", StringComparison.Ordinal)); // 4 series: one per task and pipeline

        // 12 tasks × 2 pipelines = 24 series, more than the palette's colours: the latency chart pools per pipeline.
        var many = Enumerable.Range(0, 12).SelectMany(t => Rows($"t{t}", "em", "rag", 4).Concat(Rows($"t{t}", "em", "long-context", 4))).ToList();
        var pooled = new ReportCharts().Render(RunAnalysis.Of(many, [], MarkdownReportWriter.PrimaryMetrics(many)), new ResultSummarizer(new Bootstrap()).Summarize(many), MarkdownReportWriter.PrimaryMetrics(many), folder, "many");
        Assert.Contains("one line per pipeline", pooled.Single(c => c.Title == "Latency distribution").Caption);
    }

    [Fact]
    public void Points_that_coincide_are_drawn_smaller_each_so_every_one_stays_visible_and_distant_points_keep_their_size()
    {
        // RAG and Self-Route at the same tokens and score (as when the reader never declines), long context far away.
        var sizes = LoftCompare.Eval.Reports.Charts.ChartStyle.StackedSizes([(1_096, 0.5), (7_990, 0.5), (1_096, 0.5), (1_100, 0.5), (1_096, 0.9)], 14);

        Assert.Equal(14f, sizes[0]);
        Assert.Equal(14f, sizes[1]);
        Assert.True(sizes[2] < sizes[0] && sizes[3] < sizes[2], "each later point of a stack is smaller than the one under it");
        Assert.Equal(14f, sizes[4]);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
