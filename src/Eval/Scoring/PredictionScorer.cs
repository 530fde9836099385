using System.Text.Json;
using LoftCompare.Corpora.Adapters;
using LoftCompare.Corpora.Adapters.Loft;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Eval.Metrics;
using LoftCompare.Eval.Statistics;
using LoftCompare.Pipelines.Prompts;

namespace LoftCompare.Eval.Scoring;

/// <summary>
/// Scores a predictions file against a LOFT folder's gold without running any model. The task kind comes from the
/// published layout (<c>{family}/{dataset}/{length}</c>) unless overridden; only the split's queries file is read.
/// </summary>
public sealed class PredictionScorer(MetricRegistry metrics, Bootstrap bootstrap)
{
    public async Task<ScoreReport> ScoreAsync(string datasetFolder, string predictionsPath, PredictionFormat format, TaskKind? kind = null, string split = "test", CancellationToken cancellationToken = default)
    {
        var folder = Path.GetFullPath(datasetFolder);
        var taskKind = kind ?? LoftFolderAdapter.InferKind(folder);
        var adapter = new LoftFolderAdapter();

        // Citation scoring reads the cited documents, so only then is the corpus loaded.
        var corpus = taskKind == TaskKind.Citation ? (await adapter.LoadOrThrowAsync(new DatasetSpec(adapter.Name, folder, split, taskKind), cancellationToken)).Corpus : [];
        var queries = await adapter.LoadQueriesAsync(folder, split, taskKind, cancellationToken);
        var predictions = await ReadPredictionsAsync(predictionsPath, format, cancellationToken);
        var metric = metrics.For(taskKind, corpus);

        var scored = new List<IReadOnlyDictionary<string, double>>();
        foreach (var query in queries)
        {
            scored.Add(await metric.ScoreAsync(query, predictions.TryGetValue(query.Id, out var p) ? p : null, cancellationToken));
        }

        var intervals = metric.ScoreNames.ToDictionary(n => n, n => bootstrap.Mean(scored.Select(s => s[n]).ToList()) ?? new Interval(0, 0, 0, 0));
        var queryIds = queries.Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
        return new ScoreReport(
            folder,
            taskKind,
            split,
            metric.PrimaryScore,
            intervals,
            queries.Count,
            queries.Count(q => !predictions.ContainsKey(q.Id)),
            predictions.Keys.Count(id => !queryIds.Contains(id)),
            predictions.Values.Count(p => p is null));
    }

    /// <summary>qid → parsed answers (null when a raw output had no <c>Final Answer:</c>).</summary>
    private static async Task<Dictionary<string, IReadOnlyList<string>?>> ReadPredictionsAsync(string path, PredictionFormat format, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new DatasetFormatException(path, 0, null, "predictions file does not exist");
        }

        var predictions = new Dictionary<string, IReadOnlyList<string>?>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonElement record;
            try
            {
                record = JsonDocument.Parse(line).RootElement;
            }
            catch (JsonException ex)
            {
                throw new DatasetFormatException(path, lineNumber, null, $"not valid JSON ({ex.Message})", ex);
            }

            var qid = record.ValueKind == JsonValueKind.Object && record.TryGetProperty("qid", out var id) && id.ValueKind is JsonValueKind.String or JsonValueKind.Number
                ? (id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText())
                : throw new DatasetFormatException(path, lineNumber, "qid", "missing or not a string");
            if (predictions.ContainsKey(qid))
            {
                throw new DatasetFormatException(path, lineNumber, "qid", $"duplicate prediction for '{qid}'");
            }

            predictions[qid] = format == PredictionFormat.Loft ? ReadLoftOutputs(record, path, lineNumber) : ReadRawOutput(record, path, lineNumber);
        }

        return predictions;
    }

    private static IReadOnlyList<string> ReadLoftOutputs(JsonElement record, string path, int line)
    {
        if (record.TryGetProperty("num_turns", out var turns) && turns.ValueKind == JsonValueKind.Number && turns.GetInt32() != 1)
        {
            throw new DatasetFormatException(path, line, "num_turns", $"{turns.GetInt32()} turns; multi-turn predictions are not supported yet");
        }

        if (!record.TryGetProperty("model_outputs", out var outputs) || outputs.ValueKind != JsonValueKind.Array || outputs.GetArrayLength() == 0)
        {
            throw new DatasetFormatException(path, line, "model_outputs", "expected a list with one list of answers per turn");
        }

        var first = outputs[0];
        return first.ValueKind switch
        {
            JsonValueKind.Array => first.EnumerateArray().Select(Text).ToList(),
            JsonValueKind.String or JsonValueKind.Number => [Text(first)], // a bare answer for a single-answer task
            _ => throw new DatasetFormatException(path, line, "model_outputs[0]", $"expected a list of answers, found {first.ValueKind}"),
        };

        static string Text(JsonElement item) => item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText();
    }

    private static IReadOnlyList<string>? ReadRawOutput(JsonElement record, string path, int line)
        => record.TryGetProperty("output", out var output) && output.ValueKind == JsonValueKind.String
            ? FinalAnswerParser.Parse(output.GetString()!)
            : throw new DatasetFormatException(path, line, "output", "missing or not a string");
}
