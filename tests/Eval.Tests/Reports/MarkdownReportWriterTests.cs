using LoftCompare.Eval.Metrics;
using LoftCompare.Eval.Reports;
using LoftCompare.Results;
using LoftCompare.Eval.Tests.Results;
using LoftCompare.Storage.Sqlite;

namespace LoftCompare.Eval.Tests.Reports;

public sealed class MarkdownReportWriterTests
{
    private static readonly RunTaskRecord Task = new() { RunId = "run1", TaskName = "t", TaskKind = "rag", DatasetName = "d/32k", Adapter = "loft", Source = "/d", Split = "test", ContentHash = new string('b', 64), Documents = 3, Queries = 3 };

    private static ResultRecord Row(string pipeline, string query, double score, long tokens, double ms, string? error = null)
        => TestRecords.Result(query, score, error) with { Pipeline = pipeline, InputTokens = tokens, TotalMs = ms, CostUsd = 0.003, Scores = error is null ? new Dictionary<string, double> { ["em"] = score } : new Dictionary<string, double>() };

    [Fact]
    public void A_clear_difference_is_called_significant()
    {
        var rows = Enumerable.Range(0, 30).SelectMany(i => new[] { Row("long-context", $"q{i:D2}", 1, 30_000, 10), Row("rag", $"q{i:D2}", i % 10 == 0 ? 1 : 0, 1_000, 2) }).ToArray();

        var markdown = new MarkdownReportWriter(MetricRegistry.BuiltIn()).Render(TestRecords.Run() with { Status = RunStatus.Succeeded }, [Task with { Queries = 30 }], rows);

        Assert.Contains("**long-context** is better on em: rag − long-context = −0.900 (95% CI", markdown);
        Assert.Contains("an interval that excludes zero", markdown);
    }

    [Fact]
    public void Renders_one_line_per_pipeline_with_means_tokens_latency_and_failures()
    {
        ResultRecord[] rows =
        [
            Row("long-context", "q1", 1, 30_000, 10), Row("long-context", "q2", 1, 30_000, 20), Row("long-context", "q3", 0, 30_000, 30),
            Row("rag", "q1", 1, 1_000, 1), Row("rag", "q2", 0, 1_000, 3), Row("rag", "q3", 0, 0, 0, error: "HttpRequestException: | boom <b>"),
        ];

        var markdown = new MarkdownReportWriter(MetricRegistry.BuiltIn()).Render(TestRecords.Run() with { Status = RunStatus.Succeeded }, [Task], rows);

        // With n = 3 the Wilson intervals of a right/wrong score are wide; the row layout is: quality [CI] | $/1k [CI] | setup | tokens in/out | p50 | p95 | retrieval | n | failures.
        Assert.Matches(@"\| long-context \| m \| 0\.667 \[0\.208, 0\.939\] \| 3\.0000 \[3\.0000, 3\.0000\] \| n/a \| 30,000 \| n/a \| 20\.0 \| 29\.0 \| n/a \| 3 \| 0 \|", markdown);
        Assert.Matches(@"\| rag \| m \| 0\.333 \[0\.061, 0\.792\] \| 3\.0000 \[3\.0000, 3\.0000\] \| n/a \| 1,000 \| n/a \| 2\.0 \| 2\.9 \| n/a \| 3 \| 1 \|", markdown);
        Assert.Contains("are not distinguishable on em: rag − long-context = −0.333", markdown);
        Assert.Contains("long-context reads 30× the input tokens of rag per query.", markdown);
        Assert.Contains("| m | a model |", markdown);
        Assert.Contains("`bbbbbbbbbbbb`", markdown);
        // A hostile error message cannot break the table or inject HTML.
        Assert.Contains("HttpRequestException: \\| boom \\<b\\>", markdown);
    }

    [Fact]
    public void A_task_kind_the_model_cannot_do_shows_n_a_with_the_reason_not_a_zero()
    {
        const string reason = "NotSupportedException: The extractive reader on all-MiniLM-L6-v2 (not a generative LLM) cannot do task kind 'sql'.";
        ResultRecord[] rows = [Row("long-context", "q1", 0, 0, 0, reason), Row("long-context", "q2", 0, 0, 0, reason), Row("rag", "q1", 1, 1_000, 2), Row("rag", "q2", 0, 1_000, 2)];

        var markdown = new MarkdownReportWriter(MetricRegistry.BuiltIn()).Render(TestRecords.Run() with { Status = RunStatus.Succeeded }, [Task], rows);

        Assert.Contains("| long-context | m | n/a — The extractive reader on all-MiniLM-L6-v2 \\(not a generative LLM\\) cannot do task kind 'sql'. |", markdown);
        // Declined is its own state: listed as n/a with its reason, never among the failures.
        Assert.DoesNotContain("| NotSupportedException | 2 | t · long-context |", markdown);
        Assert.Contains("## Declined (n/a)", markdown);
        Assert.Contains("| t · long-context · m | 2 | The extractive reader on all-MiniLM-L6-v2 \\(not a generative LLM\\) cannot do task kind 'sql'. |", markdown);
    }

    [Theory]
    [InlineData("[click](http://x) <script>", "\\[click\\]\\(http:\\/\\/x\\) \\<script\\>")]
    [InlineData("a | b\nc", "a \\| b c")]
    public void Escapes_untrusted_text_in_cells(string text, string expected)
        => Assert.Equal(expected, MarkdownText.Cell(text));
}
