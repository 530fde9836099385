using LoftCompare.Eval.Metrics;
using LoftCompare.Eval.Reports;
using LoftCompare.Results;
using LoftCompare.Eval.Tests.Results;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.Data.Sqlite;
using LoftCompare.Storage.Sqlite;

namespace LoftCompare.Eval.Tests.Reports;

/// <summary>Renders real reports from a small results database and reads them back the way a Markdown viewer would.</summary>
public sealed class RenderedReportTests : IDisposable
{
    private const string Hostile = "evil|task <img src=x onerror=alert(1)> [link](http://evil.example) www.evil.example **bold** # heading";

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    private readonly string folder = Path.Combine(Path.GetTempPath(), "loftcompare-tests", Guid.NewGuid().ToString("N"));

    private async Task<SqliteResultStore> StoreWithRunAsync(string runId, string taskName, Func<int, bool> ragCorrect, string startedAt = "2026-11-28T00:00:00+00:00")
    {
        var store = await SqliteResultStore.OpenAsync(Path.Combine(folder, "results.db"));
        var started = DateTimeOffset.Parse(startedAt, System.Globalization.CultureInfo.InvariantCulture);
        await store.CreateRunAsync(TestRecords.Run(runId) with { StartedAt = started, Status = RunStatus.Succeeded, EndedAt = started, SuiteName = "nightly" });
        await store.AddRunTaskAsync(new RunTaskRecord { RunId = runId, TaskName = taskName, TaskKind = "rag", DatasetName = "d/32k", Adapter = "loft", Source = "/d", Split = "test", ContentHash = new string('c', 64), Documents = 50, Queries = 20 });
        for (var i = 0; i < 20; i++)
        {
            foreach (var (pipeline, correct, tokens, ms) in new[] { ("long-context", i % 4 != 0, 30_000L, 40.0 + i), ("rag", ragCorrect(i), 1_500L, 10.0 + i) })
            {
                await store.UpsertResultAsync(TestRecords.Result($"q{i:D2}", correct ? 1 : 0) with
                {
                    RunId = runId,
                    TaskName = taskName,
                    Pipeline = pipeline,
                    Scores = new Dictionary<string, double> { ["subspan_em"] = correct ? 1 : 0, ["em"] = 0 },
                    PrimaryMetric = "subspan_em",
                    InputTokens = tokens,
                    TotalMs = ms,
                    CostUsd = tokens * 2.5e-6,
                    GoldDepth = i / 19.0,
                    Error = pipeline == "rag" && i == 19 ? $"HttpRequestException: {Hostile}" : null,
                    Outcome = pipeline == "rag" && i == 19 ? ExampleOutcome.Failed : ExampleOutcome.Succeeded,
                });
            }
        }

        return store;
    }

    [Fact]
    public async Task A_run_report_links_only_valid_pngs_has_the_expected_tables_and_neutralises_hostile_text()
    {
        var store = await StoreWithRunAsync("run1", Hostile, i => i % 2 == 0);
        var reports = Path.Combine(folder, "reports");

        var path = await new MarkdownReportWriter(MetricRegistry.BuiltIn()).WriteAsync(store, "run1", reports);
        var document = Markdown.Parse(await File.ReadAllTextAsync(path), Pipeline);
        Assert.Contains("**Started:** 2026-11-28T00:00:00Z · **Ended:** 2026-11-28T00:00:00Z", await File.ReadAllTextAsync(path));

        var links = document.Descendants<LinkInline>().ToList();
        Assert.Equal(5, links.Count(l => l.IsImage));
        Assert.All(links, link =>
        {
            Assert.True(link.IsImage, $"unexpected link to {link.Url}");
            var file = Path.Combine(reports, link.Url!);
            Assert.True(File.Exists(file), $"missing {link.Url}");
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, File.ReadAllBytes(file)[..8]);
        });
        Assert.Empty(document.Descendants<AutolinkInline>());
        Assert.Empty(document.Descendants<HtmlInline>());
        Assert.Empty(document.Descendants<HtmlBlock>());

        var tables = document.Descendants<Table>().ToList();
        var taskTable = tables.Single(t => Text(t).Contains("subspan_em (95% CI)", StringComparison.Ordinal));
        Assert.Equal(3, taskTable.Count); // header + long-context + rag
        var failureKinds = tables.Single(t => Text(t).Contains("Error kind", StringComparison.Ordinal));
        Assert.Equal(2, failureKinds.Count);
        Assert.Contains("HttpRequestException", Text(failureKinds));
        // The hostile task name survives as visible text, never as markup: rendered, it is escaped HTML text.
        var html = Markdown.ToHtml(await File.ReadAllTextAsync(path), Pipeline);
        Assert.DoesNotContain("<img src=x", html);
        Assert.DoesNotContain("href=\"http://evil", html);
        Assert.DoesNotContain("<strong>bold", html);
        Assert.Contains("<h2 id=", html);
        Assert.Contains("evil|task &lt;img src=x onerror=alert(1)&gt; [link](http://evil.example) www.evil.example **bold** # heading (rag; leading metric: subspan_em, LOFT rules)</h2>", html);
    }

    [Fact]
    public async Task Comparison_and_trend_reports_flag_a_real_drop_as_a_regression()
    {
        await StoreWithRunAsync("older", "t", _ => true, "2026-11-27T00:00:00+00:00");
        var store = await StoreWithRunAsync("newer", "t", i => i % 4 == 0, "2026-11-28T00:00:00+00:00");
        var reports = Path.Combine(folder, "reports");
        var writer = new HistoryReportWriter(store);

        var comparison = await File.ReadAllTextAsync(await writer.WriteComparisonAsync("newer", "older", reports));
        var trendPath = await writer.WriteTrendAsync("nightly", days: 7, DateTimeOffset.Parse("2026-11-29T00:00:00+00:00"), reports);
        var trend = Markdown.Parse(await File.ReadAllTextAsync(trendPath), Pipeline);

        Assert.Contains("| t | rag | m | subspan_em | 0.950 [0.764, 0.991] | 0.250 [", comparison);
        Assert.Contains("| yes |", comparison);
        Assert.Contains("**Regression**", comparison);
        // Times as a person reads them: ISO 8601 to the second, never a culture's 11/28/2026 or the stored 7-digit fraction.
        Assert.Contains("started 2026-11-28T00:00:00Z", comparison);
        Assert.DoesNotContain("11/28/2026", comparison);
        Assert.DoesNotContain("| t | long-context | m | subspan_em | 0.750 [0.550, 0.900] | 0.750 [0.550, 0.900] | 0.000 [0.000, 0.000] | yes | $75.0000 → $75.0000 | **Regression**", comparison);
        Assert.All(trend.Descendants<LinkInline>(), link => Assert.True(File.Exists(Path.Combine(reports, link.Url!)), link.Url));
        Assert.Single(trend.Descendants<LinkInline>());
        var trendText = await File.ReadAllTextAsync(trendPath);
        Assert.Contains("**Regression**", trendText);
        // A summary, not one column per run: the same columns however many runs the window holds.
        Assert.Contains("| Pipeline | Model | Latest | Previous | Baseline | Latest − baseline | 2026-W48 median | Largest shift | Runs |", trendText);
        Assert.Contains("| rag | m | 0.250 [", trendText);
        await Assert.ThrowsAsync<UsageException>(() => writer.WriteTrendAsync("nightly", days: 1, DateTimeOffset.Parse("2026-12-30T00:00:00+00:00"), reports));
    }

    private static string Text(MarkdownObject block)
        => string.Concat(block.Descendants<LiteralInline>().Select(l => l.Content.ToString()));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
