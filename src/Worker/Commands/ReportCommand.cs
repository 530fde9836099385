using System.CommandLine;
using LoftCompare.Eval.Reports;
using LoftCompare.Results;

namespace LoftCompare.Worker.Commands;

/// <summary><c>loftcompare report [--run ID | --last] [--compare ID] [--trend SUITE --days N] [--out DIR] [--db PATH]</c>.</summary>
public static class ReportCommand
{
    public static Command Create(CommandComposition composition)
    {
        var run = new Option<string?>("--run") { Description = "Run to report on." };
        var last = new Option<bool>("--last") { Description = "Report on the latest run (the default)." };
        var compare = new Option<string?>("--compare") { Description = "An older run to compare the report's run with." };
        var trend = new Option<string?>("--trend") { Description = "Suite name: report the trend over its recent runs." };
        var days = new Option<int>("--days") { Description = "How far back --trend looks.", DefaultValueFactory = _ => 30 };
        var db = CommonOptions.Db();
        var output = CommonOptions.Out();
        var format = new Option<string>("--format") { Description = "markdown (write the report and print its path), or json / csv: print a run report's table — every (task, pipeline, model) line with each score, its interval, cost, setup, tokens and latency — instead.", DefaultValueFactory = _ => "markdown" };
        var command = new Command("report", "Write a run report (with charts), a comparison of two runs, or a suite's trend.") { run, last, compare, trend, days, db, output, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var dbPath = parse.GetValue(db)!;
            if (parse.GetValue(run) is not null && parse.GetValue(last))
            {
                throw new UsageException("Give --run ID or --last, not both.");
            }

            var store = await ResultsDatabase.OpenForReadingAsync(dbPath, cancellationToken);
            var outFolder = parse.GetValue(output)!;
            if (parse.GetValue(format)!.ToLowerInvariant() is "json" or "csv" && parse.GetValue(trend) is null && parse.GetValue(compare) is null)
            {
                var runId = parse.GetValue(run) ?? (await store.GetLatestRunAsync(cancellationToken))?.RunId ?? throw new UsageException($"'{dbPath}' holds no runs yet.");
                (await LinesAsync(store, runId, cancellationToken)).Write(parse.GetValue(format)!);
                return 0;
            }

            if (parse.GetValue(format)!.ToLowerInvariant() != "markdown")
            {
                throw new UsageException($"--format '{parse.GetValue(format)}': a run report's table prints as json or csv; comparisons and trends are written as markdown.");
            }

            string path;
            if (parse.GetValue(trend) is { } suite)
            {
                path = await new HistoryReportWriter(store).WriteTrendAsync(suite, parse.GetValue(days), DateTimeOffset.UtcNow, outFolder, cancellationToken);
            }
            else
            {
                var runId = parse.GetValue(run) ?? (await store.GetLatestRunAsync(cancellationToken))?.RunId ?? throw new UsageException($"'{dbPath}' holds no runs yet.");
                path = parse.GetValue(compare) is { } older
                    ? await new HistoryReportWriter(store).WriteComparisonAsync(runId, older, outFolder, cancellationToken)
                    : await new MarkdownReportWriter(composition.Catalog.Metrics).WriteAsync(store, runId, outFolder, cancellationToken);
            }

            Console.WriteLine(Path.GetFullPath(path));
            return 0;
        });
        return command;
    }

    /// <summary>The report's tables as rows: one per (task, pipeline, model, score), full precision.</summary>
    private static async Task<Listing> LinesAsync(IRunQueries store, string runId, CancellationToken cancellationToken)
    {
        var record = await store.GetRunAsync(runId, cancellationToken) ?? throw new UsageException($"Run '{runId}' is not in the results database.");
        var (summaries, primary) = await StoredSummaries.ReadOrComputeAsync(store, record, cancellationToken);
        var setups = (await store.GetRunPipelinesAsync(runId, cancellationToken)).ToDictionary(p => (p.TaskName, p.Pipeline, p.ModelId), p => p.SetupUsd);
        var listing = new Listing("run_id", "task", "pipeline", "model", "metric", "leading", "mean", "ci_low", "ci_high", "n", "failures", "usd_per_query", "setup_usd", "input_tokens_per_query", "output_tokens_per_query", "p50_ms", "p95_ms");
        foreach (var line in summaries)
        {
            foreach (var (metric, interval) in line.Scores.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                listing.Add(runId, line.TaskName, line.Pipeline, line.ModelId, metric, primary.GetValueOrDefault(line.TaskName) == metric,
                    Listing.Number(interval.Estimate), Listing.Number(interval.Low), Listing.Number(interval.High), line.Examples, line.Failures,
                    Listing.Number(line.CostPerQuery?.Estimate), Listing.Number(setups.GetValueOrDefault((line.TaskName, line.Pipeline, line.ModelId))), Listing.Number(line.MeanInputTokens), Listing.Number(line.MeanOutputTokens), Listing.Number(line.P50TotalMs), Listing.Number(line.P95TotalMs));
            }
        }

        return listing;
    }
}
