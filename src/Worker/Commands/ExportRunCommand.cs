using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LoftCompare.Results;

namespace LoftCompare.Worker.Commands;

/// <summary><c>loftcompare export-run RUN_ID [--format jsonl|csv] [--out FILE] [--db PATH]</c>: every result row of a run, for other tools.</summary>
public static class ExportRunCommand
{
    private static readonly string[] Columns =
    [
        "run_id", "task_name", "pipeline", "model_id", "query_id", "outcome", "primary_metric", "primary_score", "scores_json", "prediction_json",
        "input_tokens", "cached_input_tokens", "output_tokens", "prefix_tokens", "cache_basis", "cost_usd", "gpu_seconds", "retrieval_ms", "model_ms", "total_ms",
        "route", "confidence", "context_note", "error", "raw_output", "retrieved_ids_json", "recorded_at",
    ];

    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "The run's id." };
        var format = new Option<string>("--format") { Description = "jsonl (one result row per line, as the API gives it) or csv (one column per field).", DefaultValueFactory = _ => "jsonl" };
        var output = new Option<string?>("--out") { Description = "File to write (standard output when left out)." };
        var db = CommonOptions.Db();
        var command = new Command("export-run", "Write every result row of one run as JSON Lines or CSV.") { run, format, output, db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await ResultsDatabase.OpenExistingAsync(parse.GetValue(db)!, cancellationToken);
            var runId = parse.GetValue(run)!;
            _ = await store.GetRunAsync(runId, cancellationToken) ?? throw new InvalidOperationException($"Run '{runId}' is not in '{parse.GetValue(db)}'.");
            var rows = await store.GetResultsAsync(runId, cancellationToken);
            var text = parse.GetValue(format)!.ToLowerInvariant() switch
            {
                "jsonl" => string.Concat(rows.Select(r => JsonSerializer.Serialize(r, JsonSerializerOptions.Web) + "\n")),
                "csv" => QueryCommand.Csv(new QueryResult(Columns, rows.Select(Row).ToList())),
                var other => throw new ArgumentException($"Unknown --format '{other}'; use jsonl or csv."),
            };
            if (parse.GetValue(output) is { } path)
            {
                await File.WriteAllTextAsync(path, text, cancellationToken);
                await Console.Error.WriteLineAsync($"{rows.Count} rows of run {runId} written to {Path.GetFullPath(path)}.");
            }
            else
            {
                Console.Write(text);
            }

            return 0;
        });
        return command;
    }

    private static object?[] Row(ResultRecord r) =>
    [
        r.RunId, r.TaskName, r.Pipeline, r.ModelId, r.QueryId, StoredText.Of(r.Outcome), r.PrimaryMetric, r.PrimaryScore, StoredText.Json(r.Scores), r.Prediction is null ? null : StoredText.Json(r.Prediction),
        r.InputTokens, r.CachedInputTokens, r.OutputTokens, r.PrefixTokens, r.CacheBasis is { } b ? StoredText.Of(b) : null, r.CostUsd, r.GpuSeconds, r.RetrievalMs, r.ModelMs, r.TotalMs,
        r.Route, r.Confidence, r.ContextNote, r.Error, r.RawOutput, StoredText.Json(r.RetrievedIds), StoredText.Of(r.RecordedAt),
    ];
}
