using LoftCompare.Results;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Kinds;
using LoftCompare.Eval.Metrics;
using LoftCompare.Eval.Scoring;
using LoftCompare.Eval.Statistics;
using LoftCompare.Pipelines.Prompts;
using Spectre.Console;

namespace LoftCompare.Worker.Commands;

/// <summary><c>loftcompare score --dataset PATH --predictions FILE [--format loft|jsonl] [--task KIND] [--split S] [--json]</c>.</summary>
public static class ScoreCommand
{
    public static Command Create(CommandComposition composition)
    {
        var catalog = composition.Catalog;
        var dataset = new Option<string>("--dataset") { Description = "LOFT dataset folder ({family}/{dataset}/{length}); only the split's queries file is read.", Required = true };
        var predictions = new Option<string>("--predictions") { Description = "Predictions file (JSON Lines).", Required = true };
        var format = new Option<string>("--format") { Description = "loft ({qid, num_turns, model_outputs}) or jsonl ({qid, output}).", DefaultValueFactory = _ => "loft" };
        var task = new Option<string?>("--task") { Description = $"Task kind, overriding the folder layout ({string.Join(", ", catalog.Kinds.Kinds.Select(k => k.Name))})." };
        var split = new Option<string>("--split") { Description = "Query split.", DefaultValueFactory = _ => "test" };
        var json = new Option<bool>("--json") { Description = "Print a machine-readable JSON object." };
        var promptFormat = new Option<string>("--prompt-format")
        {
            Description = "Whose rules score raw outputs (--format jsonl): loft (Final Answer: parse), helmet (Answer:/Ranking:/label: parse, HELMET's metrics) or ruler (the whole output after RULER's post-processing).",
            DefaultValueFactory = _ => "loft",
        };
        var command = new Command("score", "Score a predictions file against a dataset's gold, without running any model.") { dataset, predictions, format, task, split, json, promptFormat };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var predictionFormat = parse.GetValue(format)!.ToLowerInvariant() switch
            {
                "loft" => PredictionFormat.Loft,
                "jsonl" => PredictionFormat.Jsonl,
                var other => throw new UsageException($"Unknown --format '{other}'; use loft or jsonl."),
            };
            TaskKind? kind = parse.GetValue(task) is { } name
                ? (catalog.Kinds.TryParse(name, out var k) ? k : throw new UsageException($"Unknown --task '{name}'; use one of {string.Join(", ", catalog.Kinds.Kinds.Select(t => t.Name))}."))
                : null;
            var formatName = parse.GetValue(promptFormat)!.ToLowerInvariant();
            if (!catalog.PromptFormats.Names.Contains(formatName, StringComparer.OrdinalIgnoreCase))
            {
                throw new UsageException($"Unknown --prompt-format '{formatName}'; use {string.Join(", ", catalog.PromptFormats.Names)}.");
            }

            var report = await new PredictionScorer(catalog.Metrics, catalog.Kinds, new Bootstrap())
                .ScoreAsync(parse.GetValue(dataset)!, parse.GetValue(predictions)!, predictionFormat, kind, parse.GetValue(split)!, cancellationToken, catalog.PromptFormats.Create(formatName, catalog.Kinds));
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    dataset = report.Dataset,
                    task = report.Kind.Name,
                    split = report.Split,
                    primary_metric = report.PrimaryMetric,
                    rules = report.Origin,
                    queries = report.Queries,
                    missing = report.Missing,
                    unknown = report.Unknown,
                    unparsed = report.Unparsed,
                    metrics = report.Metrics.ToDictionary(m => m.Key, m => new { mean = m.Value.Estimate, ci_low = m.Value.Low, ci_high = m.Value.High, n = m.Value.N }),
                }));
                return 0;
            }

            var table = new Table().AddColumns("metric", "mean", "95% CI", "n");
            foreach (var (metricName, interval) in report.Metrics)
            {
                table.AddRow(metricName == report.PrimaryMetric ? $"[bold]{metricName}[/]" : metricName, F(interval.Estimate), $"{F(interval.Low)} – {F(interval.High)}", interval.N.ToString(CultureInfo.InvariantCulture));
            }

            AnsiConsole.MarkupLine($"{Markup.Escape(report.Dataset)} ({report.Kind.Name}, {report.Split}, {report.Origin}'s rules): {report.Queries} queries, {report.Missing} without a prediction, {report.Unparsed} unparsed, {report.Unknown} unknown qids");
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static string F(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);
}
