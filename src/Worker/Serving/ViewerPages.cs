using HttpResults = Microsoft.AspNetCore.Http.Results;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using LoftCompare.Eval.Reports;
using LoftCompare.Results;
using LoftCompare.Eval.Statistics;
using Microsoft.AspNetCore.Http;
using static LoftCompare.Worker.Serving.Html;

namespace LoftCompare.Worker.Serving;

/// <summary>The viewer's pages and JSON API, all reads of the results store.</summary>
public sealed partial class ViewerPages(IRunQueries store, ViewerOptions options, TaskSetCache taskSets)
{
    private const int PassageChars = 700;

    public async Task<IResult> RunsAsync(string? suite, string? status, int page, CancellationToken ct)
    {
        var runs = (await store.GetRunsAsync(ct)).OrderByDescending(r => r.StartedAt).ToList();
        var suites = runs.Select(r => r.SuiteName).Distinct().Order(StringComparer.Ordinal).ToList();
        var shown = runs.Where(r => (suite is null || r.SuiteName == suite) && (status is null || StoredText.Of(r.Status) == status)).ToList();
        var body = new StringBuilder($"<h1>Runs</h1><form method=\"get\" action=\"/\">{Select("suite", "suite", suites, suite)}{Select("status", "status", ["succeeded", "failed", "running", "cancelled"], status)}<button>Filter</button></form>");
        // Years of nightly runs page through, newest first.
        var pages = Math.Max(1, (shown.Count + options.PageSize - 1) / options.PageSize);
        page = Math.Clamp(page, 1, pages);
        body.Append($"<p>Trends: {string.Join(" · ", suites.Select(s => Link($"/suites/{U(s)}/trend?days=90", s).Markup))}</p>");
        body.Append($"<p>{shown.Count} of {runs.Count} runs · page {page} of {pages}");
        if (page < pages)
        {
            body.Append(" · ").Append(Link($"/?suite={U(suite ?? string.Empty)}&status={U(status ?? string.Empty)}&page={page + 1}", "older →").Markup);
        }

        body.Append("</p>");
        body.Append(Table(
            ["run", "suite", "status", "started (UTC)", "examples", "failed", "declined", "error"],
            shown.Skip((page - 1) * options.PageSize).Take(options.PageSize).Select(r => new object?[]
            {
                Link($"/runs/{U(r.RunId)}", r.RunId), r.SuiteName, StoredText.Of(r.Status), r.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                r.ExamplesPlanned, r.ExamplesFailed, r.ExamplesDeclined, Short(r.Error, 160),
            })));
        return Show("Runs", body.ToString());
    }

    public async Task<IResult> RunAsync(string runId, CancellationToken ct)
    {
        if (await store.GetRunAsync(runId, ct) is not { } run)
        {
            return NotFound($"No run '{runId}' in this results store.");
        }

        // A finished run's lines and regressions were found when it ended: the page reads them, not its rows. A running
        // run is summarised from its rows, and its regressions wait for its end.
        var findings = await RunAnalyses.ReadAsync(store, run, ct);
        var (summaries, primary) = findings?.Summaries ?? await StoredSummaries.ReadOrComputeAsync(store, run, ct);
        var setups = (await store.GetRunPipelinesAsync(runId, ct)).ToDictionary(p => (p.TaskName, p.Pipeline, p.ModelId), p => p.SetupUsd);
        var byLine = summaries.ToDictionary(s => (s.TaskName, s.Pipeline, s.ModelId));
        var (previous, regressions) = findings is { Analysis: var analysis } ? (analysis.PreviousRunId, analysis.Regressions)
            : run.Status == RunStatus.Running ? (null, [])
            : await new RegressionFinder(Bootstrap.ForRun(run.BootstrapSeed)).FindAsync(store, run, await store.GetResultsAsync(runId, ct), summaries, ct); // recorded before findings were kept

        var body = new StringBuilder($"<h1>Run {E(run.RunId)}</h1>");
        var progress = run.Status == RunStatus.Running && run.ExamplesPlanned is { } planned ? $" · {await store.CountResultsAsync(runId, ct)} of {planned} examples recorded ({summaries.Sum(s => s.Failures)} failed)" : string.Empty;
        body.Append($"<p>Suite <b>{E(run.SuiteName)}</b> · {E(StoredText.Of(run.Status))}{E(progress)} · started {E(StoredText.Readable(run.StartedAt))}{(run.Error is null ? string.Empty : $" · {E(Short(run.Error, 400))}")}</p>");
        body.Append($"<p>{Link($"/runs/{U(runId)}/examples", "All examples").Markup} · {Link($"/runs/{U(runId)}/examples?only=long-context", "Only long context right").Markup} · {Link($"/runs/{U(runId)}/examples?only=rag", "Only RAG right").Markup} · {Link($"/api/runs/{U(runId)}", "JSON").Markup}</p>");
        if (previous is not null)
        {
            body.Append("<h2>Regressions</h2>");
            body.Append($"<p>{Link($"/compare?newer={U(runId)}&older={U(previous)}", "Compare with the previous run").Markup} · {Link($"/suites/{U(run.SuiteName)}/trend?days=90", "Trend of the suite").Markup}</p>");
            body.Append(regressions.Count == 0
                ? $"<p>None since the previous run {Link($"/runs/{U(previous)}", previous).Markup}.</p>"
                : Table(["what", "task", "pipeline", "model", "detail"], regressions.Select(r => new object?[] { MarkdownReportWriter.Kind(r.Kind), r.TaskName, r.Pipeline, r.ModelId, r.Detail })));
        }

        foreach (var task in TradeoffCalculator.Compute(summaries, primary).GroupBy(t => t.TaskName))
        {
            body.Append($"<h2>Task {E(task.Key)}</h2>");
            body.Append(Table(
                ["pipeline", "model", "metric", "quality (95% CI)", "$ / 1k queries", "setup $", "input tokens / query", "p50 latency (ms)", "n", "failures", "Pareto", "examples"],
                task.Select(t =>
                {
                    var line = byLine[(t.TaskName, t.Pipeline, t.ModelId)];
                    return new object?[]
                    {
                        t.Pipeline, t.ModelId, t.Metric, $"{N(t.Quality.Estimate)} [{N(t.Quality.Low)}, {N(t.Quality.High)}]", N(t.CostPer1kUsd, "0.0000"),
                        N(setups.GetValueOrDefault((t.TaskName, t.Pipeline, t.ModelId)), "0.00000"), N(line.MeanInputTokens, "N0"), N(t.P50Ms, "N1"), line.Examples, line.Failures,
                        t.ParetoOptimal ? "*" : string.Empty, Link($"/runs/{U(runId)}/examples?task={U(t.TaskName)}&pipeline={U(t.Pipeline)}", "examples"),
                    };
                })));
        }

        var charts = Path.Combine(options.ReportsFolder, $"run-{runId}");
        if (Directory.Exists(charts))
        {
            body.Append("<h2>Charts</h2>");
            foreach (var file in Directory.EnumerateFiles(charts, "*.png").Select(Path.GetFileName).OfType<string>().Where(f => ChartName().IsMatch(f)).Order(StringComparer.Ordinal))
            {
                body.Append($"<p><img src=\"/runs/{E(U(runId))}/charts/{E(file)}\" alt=\"{E(file)}\"></p>");
            }
        }

        return Show($"Run {run.RunId}", body.ToString());
    }

    public IResult Chart(string runId, string file)
    {
        // Only chart names the report writes; never a path.
        var path = Path.Combine(options.ReportsFolder, $"run-{runId}", file);
        return ChartName().IsMatch(file) && !runId.Contains("..", StringComparison.Ordinal) && !runId.Contains('/', StringComparison.Ordinal) && File.Exists(path)
            ? HttpResults.File(Path.GetFullPath(path), "image/png")
            : HttpResults.NotFound();
    }

    public async Task<IResult> ExamplesAsync(string runId, ExampleFilter filter, int page, CancellationToken ct)
    {
        if (await store.GetRunAsync(runId, ct) is not { } run)
        {
            return NotFound($"No run '{runId}' in this results store.");
        }

        // Filtered and paged in SQL: one page more than shown tells whether there is a next one.
        page = Math.Max(1, page);
        var skip = (long)(page - 1) * options.PageSize;
        var examples = ExampleRow.Group(await store.GetExamplesAsync(runId, filter, skip, options.PageSize + 1, ct));
        var more = examples.Count > options.PageSize;
        examples = examples.Take(options.PageSize).ToList();
        var lines = await store.GetRunPipelinesAsync(runId, ct);
        var pipelines = lines.Select(l => l.Pipeline).Distinct().Order(StringComparer.Ordinal).ToList();
        var body = new StringBuilder($"<h1>Examples of run {Link($"/runs/{U(runId)}", run.RunId).Markup}</h1>");
        body.Append("<form method=\"get\">");
        body.Append(Select("task", "task", lines.Select(l => l.TaskName).Distinct().Order(StringComparer.Ordinal), filter.Task));
        body.Append(Select("pipeline", "pipeline", pipelines, filter.Pipeline));
        body.Append(Select("model", "model", lines.Select(l => l.ModelId).Distinct().Order(StringComparer.Ordinal), filter.Model));
        body.Append(Select("correct", "correct", ["true", "false"], filter.Correct?.ToString().ToLowerInvariant()));
        body.Append(Select("only", "only … right", ["rag", "long-context"], filter.Only is null ? null : ExampleRow.OnlyText(filter.Only)));
        body.Append("<button>Filter</button></form>");
        var query = $"task={U(filter.Task ?? string.Empty)}&pipeline={U(filter.Pipeline ?? string.Empty)}&model={U(filter.Model ?? string.Empty)}&correct={filter.Correct?.ToString().ToLowerInvariant()}&only={U(ExampleRow.OnlyText(filter.Only))}";
        body.Append(examples.Count > 0
            ? $"<p>Examples {skip + 1:N0}–{skip + examples.Count:N0} · page {page}</p>"
            : page > 1 ? $"<p>Page {page} is past the end of this list · {Link($"/runs/{U(runId)}/examples?{query}&page=1", "first page").Markup}</p>" : "<p>No examples match.</p>");
        body.Append(Table(
            ["task", "query", .. pipelines.SelectMany(p => new[] { p, $"{p} score" })],
            examples.Select(e => new object?[] { e.TaskName, Link($"/runs/{U(runId)}/examples/{U(e.TaskName)}/{U(e.QueryId)}", e.QueryId) }
                .Concat(pipelines.SelectMany(p => e.Rows.FirstOrDefault(r => r.Pipeline == p) is { } row ? new object?[] { Verdict(ExampleRow.Right(row)), N(row.PrimaryScore) } : ["", ""])))));
        if ((page > 1 && examples.Count > 0) || more)
        {
            body.Append("<p>");
            if (page > 1)
            {
                body.Append(Link($"/runs/{U(runId)}/examples?{query}&page={page - 1}", "← previous").Markup).Append(' ');
            }

            if (more)
            {
                body.Append(Link($"/runs/{U(runId)}/examples?{query}&page={page + 1}", "next →").Markup);
            }

            body.Append("</p>");
        }

        return Show($"Examples · {run.RunId}", body.ToString());
    }

    public async Task<IResult> ExampleAsync(string runId, string taskName, string queryId, CancellationToken ct)
    {
        if (await store.GetRunAsync(runId, ct) is not { } run)
        {
            return NotFound($"No run '{runId}' in this results store.");
        }

        var rows = await store.GetExampleAsync(runId, taskName, queryId, ct);
        if (rows.Count == 0)
        {
            return NotFound($"Run '{runId}' has no example '{queryId}' in task '{taskName}'.");
        }

        var body = new StringBuilder($"<h1>{E(taskName)} · {E(queryId)}</h1><p>Run {Link($"/runs/{U(runId)}", runId).Markup} · {Link($"/runs/{U(runId)}/examples?task={U(taskName)}", "all examples of the task").Markup}</p>");
        var task = (await store.GetRunTasksAsync(runId, ct)).FirstOrDefault(t => t.TaskName == taskName);
        var (set, problem) = task is null ? (null, "the run recorded no such task") : await taskSets.GetAsync(run, task);
        var query = set?.Queries.FirstOrDefault(q => q.Id == queryId);
        var documents = set?.Corpus.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        if (query is not null)
        {
            body.Append($"<h2>Query</h2><pre>{E(query.Text)}</pre>");
            body.Append($"<p><b>Gold answers:</b> {E(string.Join(" | ", query.Answers))}<br><b>Gold documents:</b> {E(string.Join(", ", query.GoldDocIds))}</p>");
        }
        else
        {
            body.Append($"<p class=\"na\">Query text and gold are not shown: {E(problem ?? $"query '{queryId}' is not in the dataset now")}.</p>");
        }

        body.Append("<div class=\"side\">");
        foreach (var row in rows)
        {
            body.Append($"<div class=\"card\"><h2>{E(row.Pipeline)}</h2><p>{E(row.ModelId)} · {Verdict(ExampleRow.Right(row)).Markup} · {E(StoredText.Of(row.Outcome))}{(row.Route is null ? string.Empty : $" · route {E(row.Route)}")}</p>");
            body.Append(Table(["", ""], new object?[][]
            {
                ["scores", string.Join(", ", row.Scores.Select(s => $"{s.Key} {s.Value.ToString("0.###", CultureInfo.InvariantCulture)}"))],
                ["prediction", row.Prediction is null ? "(no answer parsed)" : string.Join(" | ", row.Prediction)],
                ["tokens in / out", $"{row.InputTokens?.ToString("N0", CultureInfo.InvariantCulture) ?? "n/a"} / {row.OutputTokens?.ToString("N0", CultureInfo.InvariantCulture) ?? "n/a"}"],
                ["cost", row.CostUsd is { } c ? $"${c.ToString("0.########", CultureInfo.InvariantCulture)}" : "n/a"],
                ["latency", $"{N(row.TotalMs, "N1")} ms (retrieval {N(row.RetrievalMs, "N1")} ms, model {N(row.ModelMs, "N1")} ms)"],
                ["context note", row.ContextNote ?? string.Empty],
                ["error", row.Error ?? string.Empty],
            }));
            body.Append($"<p><b>Raw output</b></p><pre>{E(row.RawOutput)}</pre>");
            if (row.RetrievedIds.Count > 0)
            {
                body.Append("<p><b>Retrieved</b></p><ol>");
                foreach (var id in row.RetrievedIds)
                {
                    var gold = query?.GoldDocIds.Contains(id) == true ? " <span class=\"right\">gold</span>" : string.Empty;
                    var text = documents?.GetValueOrDefault(id) is { } d ? $"<pre>{E(d.Title)}\n{E(Short(d.Text, PassageChars))}</pre>" : string.Empty;
                    body.Append($"<li>{E(id)}{gold}{text}</li>");
                }

                body.Append("</ol>");
            }

            body.Append("</div>");
        }

        body.Append("</div>");
        return Show($"{taskName} · {queryId}", body.ToString());
    }

    /// <summary>Two runs side by side: each line's leading score in both, the change with its interval, cost, and the regressions.</summary>
    public async Task<IResult> CompareAsync(string? newerId, string? olderId, CancellationToken ct)
    {
        if (newerId is null || olderId is null || await store.GetRunAsync(newerId, ct) is not { } newer || await store.GetRunAsync(olderId, ct) is not { } older)
        {
            return NotFound("Compare needs two runs of this results store: /compare?newer=RUN&older=RUN.");
        }

        var deltas = await new RunDeltaCalculator(Bootstrap.ForRun(newer.BootstrapSeed)).CompareAsync(store, older, newer, ct);
        var body = new StringBuilder($"<h1>{Link($"/runs/{U(newer.RunId)}", newer.RunId).Markup} against {Link($"/runs/{U(older.RunId)}", older.RunId).Markup}</h1>");
        body.Append("<p>Change = newer − older on each task's leading metric, 95% interval, paired by query when both runs used the same task set.</p>");
        body.Append(Table(
            ["task", "pipeline", "model", "metric", "older", "newer", "change (95% CI)", "paired", "$ / 1k queries", ""],
            deltas.Select(d => new object?[]
            {
                d.TaskName, d.Pipeline, d.ModelId, d.Metric, $"{N(d.Older.Estimate)} [{N(d.Older.Low)}, {N(d.Older.High)}]", $"{N(d.Newer.Estimate)} [{N(d.Newer.Low)}, {N(d.Newer.High)}]",
                $"{N(d.Change.Estimate)} [{N(d.Change.Low)}, {N(d.Change.High)}]", d.Paired ? "yes" : "no", $"{N(d.OlderCostPer1k, "0.0000")} → {N(d.NewerCostPer1k, "0.0000")}",
                d.Regression ? new Raw("<span class=\"wrong\">regression</span>") : d.Change.Low > 0 ? new Raw("<span class=\"right\">improved</span>") : string.Empty,
            })));
        return Show($"{newer.RunId} vs {older.RunId}", body.ToString());
    }

    /// <summary>A suite's trend, summarised as in <c>report --trend</c>: latest, previous, baseline, period medians, largest shift.</summary>
    public async Task<IResult> TrendAsync(string suite, int days, CancellationToken ct)
    {
        TrendCalculator.Trend trend;
        try
        {
            trend = await new TrendCalculator(store).ComputeAsync(suite, days, DateTimeOffset.UtcNow, ct);
        }
        catch (UsageException ex)
        {
            return NotFound(ex.Message);
        }

        var body = new StringBuilder($"<h1>Trend of {E(suite)}: {trend.Runs.Count} runs in the last {days} days</h1>");
        body.Append($"<p>{Link($"/suites/{U(suite)}/trend?days=30", "30 days").Markup} · {Link($"/suites/{U(suite)}/trend?days=90", "90 days").Markup} · {Link($"/suites/{U(suite)}/trend?days=400", "a year").Markup} · {(trend.Weekly ? "weekly" : "monthly")} medians</p>");
        foreach (var task in trend.Lines.GroupBy(l => l.TaskName))
        {
            body.Append($"<h2>{E(task.Key)} ({E(task.First().Metric)})</h2>");
            body.Append(Table(
                ["pipeline", "model", "latest", "previous", "baseline", .. trend.Periods.Select(p => $"{p} median"), "largest shift", "runs"],
                task.Select(l => new object?[] { l.Pipeline, l.ModelId, $"{N(l.Latest.Score.Estimate)} ({l.Latest.Run.StartedAt.UtcDateTime:yyyy-MM-dd})", N(l.Previous?.Estimate), $"{N(l.Baseline.Score.Estimate)} ({l.Baseline.Run.StartedAt.UtcDateTime:yyyy-MM-dd})" }
                    .Concat(trend.Periods.Select(p => (object?)(l.PeriodMedians.TryGetValue(p, out var m) ? N(m) : "–")))
                    .Concat([l.LargestShift is { } s ? $"{s.To}: {N(s.From)} → {N(s.Value)}" : "none", l.Runs]))));
        }

        return Show($"Trend · {suite}", body.ToString());
    }

    public async Task<IResult> ApiRunsAsync(CancellationToken ct)
        => HttpResults.Json((await store.GetRunsAsync(ct)).OrderByDescending(r => r.StartedAt).Select(r => r with { SuiteJson = string.Empty }));

    public async Task<IResult> ApiRunAsync(string runId, CancellationToken ct)
    {
        if (await store.GetRunAsync(runId, ct) is not { } run)
        {
            return HttpResults.NotFound(new { error = $"no run '{runId}'" });
        }

        var (summaries, primary) = await StoredSummaries.ReadOrComputeAsync(store, run, ct);
        return HttpResults.Json(new
        {
            run,
            tasks = await store.GetRunTasksAsync(runId, ct),
            pipelines = await store.GetRunPipelinesAsync(runId, ct),
            tradeoffs = TradeoffCalculator.Compute(summaries, primary),
            comparisons = await store.GetComparisonsAsync(runId, ct),
            effectiveLengths = await store.GetEffectiveLengthsAsync(runId, ct),
        });
    }

    public async Task<IResult> ApiExamplesAsync(string runId, int page, int? pageSize, CancellationToken ct)
    {
        if (await store.GetRunAsync(runId, ct) is not { } run)
        {
            return HttpResults.NotFound(new { error = $"no run '{runId}'" });
        }

        var size = Math.Clamp(pageSize ?? options.PageSize, 1, 1000);
        page = Math.Max(1, page);
        var skip = (long)(page - 1) * size; // a huge page number is past the end (no items), never wrapped round to the first page
        // A finished run's row count is in its stored lines; counting the rows costs the run (0.13 s at a million).
        var lines = run.Status == RunStatus.Running ? [] : await store.GetRunLinesAsync(runId, ct);
        var total = lines.Count > 0 ? lines.Sum(l => l.Examples + l.Declined) : await store.CountResultsAsync(runId, ct);
        return HttpResults.Json(new { page, pageSize = size, total, items = skip >= total ? [] : await store.GetResultsPageAsync(runId, skip, size, ct) });
    }

    /// <summary>A request whose parameter is not one the page knows; the message names it and what it accepts.</summary>
    public static IResult BadRequest(string message) => HttpResults.Content(Html.Page("Bad request", $"<h1>Bad request</h1><p>{E(message)}</p>"), "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status400BadRequest);

    private static IResult NotFound(string message) => HttpResults.Content(Html.Page("Not found", $"<h1>Not found</h1><p>{E(message)}</p>"), "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status404NotFound);

    private static IResult Show(string title, string body) => HttpResults.Content(Html.Page(title, body), "text/html; charset=utf-8", Encoding.UTF8);

    private static string Select(string name, string label, IEnumerable<string> values, string? selected)
    {
        var html = new StringBuilder($"<label>{E(label)} <select name=\"{E(name)}\"><option value=\"\">any</option>");
        foreach (var value in values)
        {
            html.Append($"<option value=\"{E(value)}\"{(value == selected ? " selected" : string.Empty)}>{E(value)}</option>");
        }

        return html.Append("</select></label>").ToString();
    }

    private static string Short(string? text, int chars) => text is null ? string.Empty : text.Length <= chars ? text : text[..chars] + "…";

    [GeneratedRegex("^[a-z0-9-]+\\.png$")]
    private static partial Regex ChartName();
}
