using System.Globalization;
using System.Text;
using System.Text.Json;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Eval.Metrics;
using LoftCompare.Eval.Reports.Charts;
using LoftCompare.Results;
using LoftCompare.Eval.Statistics;

namespace LoftCompare.Eval.Reports;

/// <summary>Writes a run's Markdown report: header, models with their labels, datasets with hashes, and a side-by-side table per task.</summary>
/// <param name="metrics">The catalog's metrics (plug-in kinds' included): they order each task's score columns and name whose rules they are.</param>
public sealed class MarkdownReportWriter(MetricRegistry metrics)
{
    /// <param name="findings">The run's findings when the caller has them already (they are read, or derived from the rows, otherwise).</param>
    public async Task<string> WriteAsync(IRunQueries store, string runId, string outputFolder, CancellationToken cancellationToken = default, RunFindings? findings = null)
    {
        var run = await store.GetRunAsync(runId, cancellationToken) ?? throw UsageException.RunNotFound(runId);
        var tasks = await store.GetRunTasksAsync(runId, cancellationToken);
        Directory.CreateDirectory(outputFolder);
        var pipelines = await store.GetRunPipelinesAsync(runId, cancellationToken);
        var lengths = await store.GetEffectiveLengthsAsync(runId, cancellationToken);
        // Stored when the run ended (equal to what the rows give), so a report of a million-row run reads no row.
        findings ??= await RunAnalyses.ReadOrComputeAsync(store, run, cancellationToken);
        var costLines = CostSection.Lines(findings.Summaries.Lines, pipelines);
        var charts = new ReportCharts().Render(findings.Analysis, findings.Summaries.Lines, findings.Summaries.PrimaryMetrics, outputFolder, $"run-{runId}", costLines);
        var markdown = Render(run, tasks, findings, charts, pipelines, lengths);
        var path = Path.Combine(outputFolder, $"run-{runId}.md");
        await File.WriteAllTextAsync(path, markdown, cancellationToken);
        return path;
    }

    /// <summary>The task → leading metric map of a run's rows.</summary>
    public static IReadOnlyDictionary<string, string> PrimaryMetrics(IEnumerable<ResultRecord> results)
        => results.Where(r => r.PrimaryMetric is not null).GroupBy(r => r.TaskName).ToDictionary(g => g.Key, g => g.First().PrimaryMetric!);

    /// <summary>The report of a run's rows, derived here (no previous run, so no regressions): for tests and tools holding rows.</summary>
    public string Render(RunRecord run, IReadOnlyList<RunTaskRecord> tasks, IReadOnlyList<ResultRecord> results)
        => Render(run, tasks, RunAnalyses.Compute(run, results));

    /// <param name="pipelines">The run's (task, pipeline) records with setup cost; without them setup shows "n/a".</param>
    /// <param name="lengths">The run's effective context lengths.</param>
    public string Render(
        RunRecord run, IReadOnlyList<RunTaskRecord> tasks, RunFindings findings, IReadOnlyList<ChartImage>? charts = null,
        IReadOnlyList<RunPipelineRecord>? pipelines = null, IReadOnlyList<EffectiveLengthRecord>? lengths = null)
    {
        pipelines ??= [];
        var (summaries, analysis) = (findings.Summaries.Lines, findings.Analysis);
        var md = new StringBuilder();
        md.AppendLine($"# LoftCompare run `{run.RunId}`").AppendLine();
        md.AppendLine($"- **Suite:** {MarkdownText.Cell(run.SuiteName)} ({MarkdownText.Cell(run.SuitePath)})");
        md.AppendLine($"- **Status:** {StoredText.Of(run.Status)}{(run.Error is null ? string.Empty : " — " + MarkdownText.Cell(run.Error, 400))}");
        md.AppendLine($"- **Started:** {StoredText.Readable(run.StartedAt)} · **Ended:** {StoredText.Readable(run.EndedAt) ?? "(running)"} · **Wall time:** {WallTime(run)}");
        md.AppendLine($"- **App version:** {run.AppVersion} · **Host:** {MarkdownText.Cell(run.Host)} · **Token counts:** {run.Tokenizer} tokenizer");
        md.AppendLine();
        AppendRegressions(md, analysis);

        md.AppendLine("## Models").AppendLine();
        md.AppendLine("| Model id | What it is |").AppendLine("|---|---|");
        foreach (var (id, label) in run.Models)
        {
            md.AppendLine($"| {MarkdownText.Cell(id)} | {MarkdownText.Cell(label)} |");
        }

        md.AppendLine().AppendLine("## Datasets").AppendLine();
        md.AppendLine("| Task | Kind | Dataset | Split | Documents | Queries | Content hash |").AppendLine("|---|---|---|---|---:|---:|---|");
        foreach (var task in tasks)
        {
            md.AppendLine($"| {MarkdownText.Cell(task.TaskName)} | {task.TaskKind} | {MarkdownText.Cell(task.DatasetName)} | {MarkdownText.Cell(task.Split)} | {task.Documents} | {task.Queries} | `{task.ContentHash[..12]}` |");
        }

        CostSection.AppendPricing(md, run, analysis);
        foreach (var task in tasks)
        {
            var lines = summaries.Where(s => s.TaskName == task.TaskName).ToList();
            var primary = findings.Summaries.PrimaryMetrics.GetValueOrDefault(task.TaskName);
            var others = OrderScores(task.TaskKind, lines.SelectMany(l => l.Scores.Keys).Distinct().ToList(), primary).Where(n => n != primary).ToList();
            var origin = primary is null ? null : metrics.OriginOf(primary);
            md.AppendLine().AppendLine($"## Task {MarkdownText.Cell(task.TaskName)} ({task.TaskKind}; leading metric: {primary ?? "n/a"}{(origin is null ? string.Empty : $", {origin} rules")})").AppendLine();
            md.Append($"| Pipeline | Model | {primary ?? "score"} (95% CI) |");
            others.ForEach(n => md.Append($" {n} |"));
            md.AppendLine(" $ / 1k queries (95% CI) | Setup $ | Input tokens / query | Output tokens / query | Latency p50 (ms) | Latency p95 (ms) | Retrieval p50 (ms) | n | Failures |");
            md.Append("|---|---|---:|");
            others.ForEach(_ => md.Append("---:|"));
            md.AppendLine("---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var line in lines)
            {
                var declined = analysis.Declined.FirstOrDefault(d => d.All && d.TaskName == line.TaskName && d.Pipeline == line.Pipeline && d.ModelId == line.ModelId)?.Why;
                md.Append($"| {line.Pipeline} | {MarkdownText.Cell(line.ModelId)} | {(declined is null ? WithInterval(primary is null ? null : line.Scores.GetValueOrDefault(primary), "0.000", 1) : "n/a — " + MarkdownText.Cell(declined, 200))} |");
                others.ForEach(n => md.Append($" {Number(line.Mean(n), "0.000")} |"));
                var setup = pipelines.FirstOrDefault(p => p.TaskName == line.TaskName && p.Pipeline == line.Pipeline && p.ModelId == line.ModelId)?.SetupUsd;
                md.AppendLine($" {WithInterval(line.CostPerQuery, "0.0000", 1000)} | {Number(setup, "0.00000")} | {Number(line.MeanInputTokens, "N0")} | {Number(line.MeanOutputTokens, "N1")} | {Number(line.P50TotalMs, "N1")} | {Number(line.P95TotalMs, "N1")} | {Number(line.P50RetrievalMs, "N1")} | {line.Examples} | {line.Failures} |");
            }

            foreach (var comparison in findings.Comparisons.Where(c => c.TaskName == task.TaskName && c.Metric == primary))
            {
                md.AppendLine().AppendLine(Verdict(comparison) + Oracle(comparison, analysis));
            }
        }

        md.AppendLine().AppendLine($"Intervals are 95%: Wilson score intervals for right/wrong scores (never zero-width at finite n), percentile bootstrap ({new Bootstrap().Resamples} resamples, seed {run.BootstrapSeed ?? Bootstrap.DefaultSeed}) for continuous scores and cost; differences are paired on the queries both pipelines answered, with McNemar's exact test for right/wrong scores. $ / 1k queries is per-query cost only; setup (embedding a corpus, filling a prefix cache) is one-off per task and pipeline. Cost is \"n/a\" where the suite sets no price for the model.");
        CostSection.AppendBreakEven(md, CostSection.Lines(summaries, pipelines));
        RoutingReplay.Append(md, analysis.Routing);
        CostSection.AppendEffectiveLengths(md, lengths ?? []);

        if (charts is { Count: > 0 })
        {
            md.AppendLine().AppendLine("## Charts");
            foreach (var chart in charts)
            {
                md.AppendLine().AppendLine($"### {chart.Title}").AppendLine();
                md.AppendLine($"![{chart.Title}]({chart.RelativePath})").AppendLine();
                md.AppendLine(chart.Caption);
            }
        }

        md.AppendLine().AppendLine("## Failures").AppendLine();
        if (analysis.FailureCount == 0)
        {
            md.AppendLine("None.");
        }
        else
        {
            md.AppendLine("| Error kind | Examples | Task · pipeline |").AppendLine("|---|---:|---|");
            foreach (var kind in analysis.FailureKinds)
            {
                md.AppendLine($"| {MarkdownText.Cell(kind.Kind)} | {kind.Examples} | {MarkdownText.Cell(string.Join(", ", kind.Lines))} |");
            }

            md.AppendLine().AppendLine($"The first {analysis.FirstFailures.Count} of {analysis.FailureCount}:").AppendLine();
            md.AppendLine("| Task | Pipeline | Query | Error |").AppendLine("|---|---|---|---|");
            foreach (var failure in analysis.FirstFailures)
            {
                md.AppendLine($"| {MarkdownText.Cell(failure.TaskName)} | {failure.Pipeline} | {MarkdownText.Cell(failure.QueryId)} | {MarkdownText.Cell(failure.Error, 300)} |");
            }
        }

        if (analysis.Declined.Count > 0)
        {
            // Declined is not failed: the model cannot do the kind, so these examples are n/a and left out of every mean.
            md.AppendLine().AppendLine("## Declined (n/a)").AppendLine();
            md.AppendLine("| Task · pipeline · model | Examples | Why |").AppendLine("|---|---:|---|");
            foreach (var line in analysis.Declined)
            {
                md.AppendLine($"| {MarkdownText.Cell($"{line.TaskName} · {line.Pipeline} · {line.ModelId}")} | {line.Examples} | {MarkdownText.Cell(line.Why, 200)} |");
            }
        }

        md.AppendLine().AppendLine("Scores are means over all examples (a failed example scores 0; a declined one is n/a and left out); token counts, cost and latencies are over examples that succeeded. Latency is wall time per query, retrieval included.");
        if (analysis.EncodingsCachedShare is { } share)
        {
            // Measured latency is reported as measured; say when it came from warm caches, which cost never depends on.
            md.AppendLine().AppendLine($"The embedded reader's latency is as measured on this machine, with {(share * 100).ToString("0", CultureInfo.InvariantCulture)}% of the texts it encoded served from the embedding cache (kept across runs, so a warm run is faster); its cost is modelled from tokens and the same either way.");
        }
        return md.ToString();
    }

    /// <summary>A plain-language verdict: who leads on quality (and whether the interval says it is real), and at what token price.</summary>
    private static string Verdict(PairedComparison comparison)
    {
        var (a, b, d) = (comparison.A, comparison.B, comparison.Difference);
        var interval = $"{Signed(d.Estimate)} (95% CI {Signed(d.Low)} to {Signed(d.High)}, n = {d.N})";
        var quality = !d.ExcludesZero
            ? $"**{a.Pipeline}** and **{b.Pipeline}** are not distinguishable on {comparison.Metric}: {a.Pipeline} − {b.Pipeline} = {interval}."
            : $"**{(d.Estimate > 0 ? a.Pipeline : b.Pipeline)}** is better on {comparison.Metric}: {a.Pipeline} − {b.Pipeline} = {interval}, an interval that excludes zero.";
        var tokens = a.MeanInputTokens is > 0 && b.MeanInputTokens is > 0
            ? $" {b.Pipeline} reads {(b.MeanInputTokens.Value / a.MeanInputTokens.Value).ToString("0.#", CultureInfo.InvariantCulture)}× the input tokens of {a.Pipeline} per query."
            : string.Empty;
        var cost = a.CostPerQuery is { } ca && b.CostPerQuery is { } cb && ca.Estimate > 0
            ? $" Cost per 1k queries: {a.Pipeline} ${(ca.Estimate * 1000).ToString("0.0000", CultureInfo.InvariantCulture)}, {b.Pipeline} ${(cb.Estimate * 1000).ToString("0.0000", CultureInfo.InvariantCulture)}."
            : string.Empty;
        return quality + tokens + cost;
    }

    /// <summary>What got worse since the previous run of the suite, first thing in the report.</summary>
    private static void AppendRegressions(StringBuilder md, RunAnalysis analysis)
    {
        if (analysis.PreviousRunId is not { } previous)
        {
            return;
        }

        md.AppendLine("## Regressions").AppendLine();
        if (analysis.Regressions.Count == 0)
        {
            md.AppendLine($"None since the previous run of this suite, `{previous}`: no significant quality drop, no cost rise over {RegressionFinder.CostJump * 100:0}%, no p50 latency jump, no newly failing example.").AppendLine();
            return;
        }

        md.AppendLine($"{analysis.Regressions.Count} since the previous run of this suite, `{previous}`:").AppendLine();
        md.AppendLine("| What | Task | Pipeline | Model | Detail |").AppendLine("|---|---|---|---|---|");
        foreach (var regression in analysis.Regressions)
        {
            md.AppendLine($"| **{Kind(regression.Kind)}** | {MarkdownText.Cell(regression.TaskName)} | {regression.Pipeline} | {MarkdownText.Cell(regression.ModelId)} | {MarkdownText.Cell(regression.Detail, 300)} |");
        }

        md.AppendLine();
    }

    public static string Kind(RegressionKind kind) => kind switch
    {
        RegressionKind.Quality => "quality drop",
        RegressionKind.Cost => "cost rise",
        RegressionKind.Latency => "latency jump",
        _ => "new failures",
    };

    /// <summary>
    /// For a right/wrong score: the 2×2 table, McNemar's exact p, and what an oracle router (the better of the two per
    /// query, the cheaper when both are right or both wrong) would score and cost — the ceiling for any router.
    /// </summary>
    private static string Oracle(PairedComparison comparison, RunAnalysis analysis)
    {
        if (comparison.Agreement is not { } table)
        {
            return string.Empty;
        }

        var (a, b) = (comparison.A, comparison.B);
        var oracle = analysis.Oracles.FirstOrDefault(o => o.TaskName == comparison.TaskName && o.Metric == comparison.Metric
            && o.PipelineA == a.Pipeline && o.ModelA == a.ModelId && o.PipelineB == b.Pipeline && o.ModelB == b.ModelId);
        var cost = oracle?.CostPerQuery is { } perQuery ? $" at ${(perQuery * 1000).ToString("0.0000", CultureInfo.InvariantCulture)} per 1k queries" : string.Empty;
        var tokens = oracle?.InputTokensPerQuery is { } perQueryTokens ? $", {perQueryTokens.ToString("N0", CultureInfo.InvariantCulture)} input tokens per query" : string.Empty;
        var p = table.McNemarP;
        return $" 2×2 on {comparison.Metric}: both right {table.BothRight}, only {a.Pipeline} {table.OnlyA}, only {b.Pipeline} {table.OnlyB}, neither {table.Neither}; McNemar's exact p = {(p < 0.0001 ? p.ToString("0.0e0", CultureInfo.InvariantCulture) : p.ToString("0.0000", CultureInfo.InvariantCulture))}."
            + $" An oracle router (the right one of the two per query) would score {table.OracleScore.ToString("0.000", CultureInfo.InvariantCulture)}{cost}{tokens}.";
    }

    /// <summary>The kind of an error: the exception type or step before the first colon ("HttpRequestException", "preparing rag failed").</summary>
    public static string ErrorKind(string error)
    {
        var colon = error.IndexOf(':');
        return colon > 0 ? error[..colon].Trim() : error.Trim();
    }

    private static string Signed(double value) => value.ToString("+0.000;−0.000;0.000", CultureInfo.InvariantCulture);

    private static string WithInterval(Interval? interval, string format, double scale)
        => interval is not { } i ? "n/a"
            : $"{(i.Estimate * scale).ToString(format, CultureInfo.InvariantCulture)} [{(i.Low * scale).ToString(format, CultureInfo.InvariantCulture)}, {(i.High * scale).ToString(format, CultureInfo.InvariantCulture)}]";

    /// <summary>The metric's own order (leading score first); scores it does not know go last, alphabetically.</summary>
    private List<string> OrderScores(string taskKind, IReadOnlyList<string> names, string? primary)
    {
        var known = metrics.ScoreNamesOf(taskKind);
        return names
            .OrderBy(n => n == primary ? -1 : known.Contains(n) ? known.ToList().IndexOf(n) : int.MaxValue)
            .ThenBy(n => n, StringComparer.Ordinal)
            .ToList();
    }

    private static string WallTime(RunRecord run)
        => run.EndedAt is { } ended
            ? $"{(ended - run.StartedAt).TotalSeconds.ToString("N1", CultureInfo.InvariantCulture)} s"
            : "n/a";

    private static string Number(double? value, string format)
        => value is null ? "n/a" : value.Value.ToString(format, CultureInfo.InvariantCulture);
}
