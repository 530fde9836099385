using System.CommandLine;
using System.Globalization;
using LoftCompare.Eval.Reports;
using LoftCompare.Results;
using LoftCompare.Eval.Statistics;
using Spectre.Console;

namespace LoftCompare.Worker.Commands;

/// <summary><c>loftcompare tradeoffs [--task T] [--run ID] [--db PATH]</c>: quality with interval, $/1k queries, one-off setup $, p50 latency, Pareto front.</summary>
public static class TradeoffsCommand
{
    public static Command Create()
    {
        var task = new Option<string?>("--task") { Description = "Only this task." };
        var run = new Option<string?>("--run") { Description = "Run id (default: the latest run)." };
        var db = CommonOptions.Db();
        var format = Listing.FormatOption();
        var command = new Command("tradeoffs", "Per task, each pipeline and model's quality (95% CI), $ per 1,000 queries, setup $ and p50 latency; * marks the Pareto-optimal ones.") { task, run, db, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var dbPath = parse.GetValue(db)!;
            var store = await ResultsDatabase.OpenForReadingAsync(dbPath, cancellationToken);
            var record = parse.GetValue(run) is { } runId
                ? await store.GetRunAsync(runId, cancellationToken) ?? throw new UsageException($"Run '{runId}' is not in '{dbPath}'.")
                : await store.GetLatestRunAsync(cancellationToken) ?? throw new UsageException($"'{dbPath}' holds no runs yet.");
            // A finished run's lines were summarised when it ended: read back, not recomputed from every row.
            var stored = await StoredSummaries.ReadOrComputeAsync(store, record, cancellationToken);
            var summaries = stored.Lines.Where(l => parse.GetValue(task) is not { } t || l.TaskName == t).ToList();
            if (summaries.Count == 0)
            {
                throw new UsageException($"Run '{record.RunId}' has no results{(parse.GetValue(task) is { } t ? $" for task '{t}'" : string.Empty)}.");
            }

            var primary = stored.PrimaryMetrics;
            var setups = (await store.GetRunPipelinesAsync(record.RunId, cancellationToken)).ToDictionary(p => (p.TaskName, p.Pipeline, p.ModelId), p => p.SetupUsd);
            var machine = parse.GetValue(format)!.ToLowerInvariant() != "table";
            var listing = new Listing(machine
                ? ["task", "pipeline", "model", "metric", "quality", "ci_low", "ci_high", "usd_per_1k_queries", "setup_usd", "p50_ms", "pareto"]
                : ["task", "pipeline", "model", "metric", "quality (95% CI)", "$ / 1k queries", "setup $", "p50 latency (ms)", "Pareto"]);
            foreach (var t in TradeoffCalculator.Compute(summaries, primary))
            {
                var setup = setups.GetValueOrDefault((t.TaskName, t.Pipeline, t.ModelId));
                if (machine)
                {
                    // Full precision, empty where there is no value, so scripts can compute with it.
                    listing.Add(t.TaskName, t.Pipeline, t.ModelId, t.Metric, Listing.Number(t.Quality.Estimate), Listing.Number(t.Quality.Low), Listing.Number(t.Quality.High), Listing.Number(t.CostPer1kUsd), Listing.Number(setup), Listing.Number(t.P50Ms), t.ParetoOptimal);
                }
                else
                {
                    listing.Add(t.TaskName, t.Pipeline, t.ModelId, t.Metric, $"{F(t.Quality.Estimate, "0.000")} [{F(t.Quality.Low, "0.000")}, {F(t.Quality.High, "0.000")}]",
                        t.CostPer1kUsd is { } cost ? F(cost, "0.0000") : "n/a (no price)", setup is { } s ? F(s, "0.00000") : "n/a", t.P50Ms is { } ms ? F(ms, "0.0") : "n/a", t.ParetoOptimal ? "*" : string.Empty);
                }
            }

            listing.Write(parse.GetValue(format)!, $"Run [bold]{record.RunId}[/] ({Markup.Escape(record.SuiteName)}), {StoredText.Of(record.Status)}");
            return 0;
        });
        return command;
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
