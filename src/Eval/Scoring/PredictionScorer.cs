using System.Text.Json;
using LoftCompare.Corpora.Adapters;
using LoftCompare.Corpora.Adapters.Loft;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Eval.Metrics;
using LoftCompare.Eval.Statistics;
using LoftCompare.Pipelines.Kinds;
using LoftCompare.Pipelines.Prompts;

namespace LoftCompare.Eval.Scoring;

/// <summary>
/// Scores a predictions file against a LOFT folder's gold without running any model. The task kind comes from the
/// published layout (<c>{family}/{dataset}/{length}</c>) unless overridden; only the split's queries file is read.
/// </summary>
/// <param name="kinds">The kinds the folder layout may name and the default (LOFT) format prompts: the catalog's, plug-in kinds included.</param>
public sealed class PredictionScorer(MetricRegistry metrics, TaskKindProfiles kinds, Bootstrap bootstrap)
{
    /// <param name="promptFormat">Whose rules to score by: raw outputs are parsed by this format and scored by its metric (LOFT's by default).</param>
    public async Task<ScoreReport> ScoreAsync(string datasetFolder, string predictionsPath, PredictionFormat format, TaskKind? kind = null, string split = "test", CancellationToken cancellationToken = default, IPromptFormat? promptFormat = null)
    {
        promptFormat ??= new LoftPromptFormat(kinds);
        var folder = Path.GetFullPath(datasetFolder);
        var taskKind = kind ?? LoftFolderAdapter.InferKind(folder, kinds.Kinds);
        var adapter = new LoftFolderAdapter(kinds.Kinds);

        // Only a metric that reads the cited documents needs the corpus loaded.
        var corpus = metrics.ReadsCorpus(taskKind, promptFormat.Name) ? (await adapter.LoadOrThrowAsync(new DatasetSpec(adapter.Name, folder, split, taskKind), cancellationToken)).Corpus : [];
        var queries = await adapter.LoadQueriesAsync(folder, split, taskKind, cancellationToken);
        var (predictions, rawOutputs) = await ReadPredictionsAsync(predictionsPath, format, taskKind, promptFormat, cancellationToken);
        var metric = metrics.For(taskKind, corpus, promptFormat.Name);

        var scored = new List<IReadOnlyDictionary<string, double>>();
        foreach (var query in queries)
        {
            scored.Add(await metric.ScoreAsync(query, predictions.TryGetValue(query.Id, out var p) ? p : null, rawOutputs.GetValueOrDefault(query.Id), cancellationToken));
        }

        var intervals = metric.ScoreNames.ToDictionary(n => n, n => Interval(scored.Select(s => s[n]).ToList()));
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
            predictions.Values.Count(p => p is null)) { Origin = metric.Origin };
    }

    private Interval Interval(IReadOnlyList<double> values) => values.Count == 0 ? new Interval(0, 0, 0, 0) : ScoreIntervals.Of(values, bootstrap);

    /// <summary>qid → parsed answers (null when a raw output had no answer in the format), and qid → raw output for JSONL.</summary>
    private static async Task<(Dictionary<string, IReadOnlyList<string>?> Parsed, Dictionary<string, string> Raw)> ReadPredictionsAsync(
        string path, PredictionFormat format, TaskKind kind, IPromptFormat promptFormat, CancellationToken cancellationToken)
    {
        var raw = new Dictionary<string, string>(StringComparer.Ordinal);
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
            if (predictions.ContainsKey(qid) || predictions.ContainsKey($"{qid}#0"))
            {
                throw new DatasetFormatException(path, lineNumber, "qid", $"duplicate prediction for '{qid}'");
            }

            if (format == PredictionFormat.Jsonl)
            {
                raw[qid] = ReadRawOutput(record, path, lineNumber);
                predictions[qid] = promptFormat.Parse(kind, raw[qid]);
                continue;
            }

            // A multi-turn record answers the queries the LOFT adapter makes of its turns: {qid}#0, {qid}#1, ...
            var turns = ReadLoftOutputs(record, path, lineNumber);
            for (var turn = 0; turn < turns.Count; turn++)
            {
                predictions[turns.Count == 1 ? qid : $"{qid}#{turn}"] = turns[turn];
            }
        }

        return (predictions, raw);
    }

    /// <summary>One list of answers per turn (<c>num_turns</c>, default 1).</summary>
    private static List<IReadOnlyList<string>> ReadLoftOutputs(JsonElement record, string path, int line)
    {
        var turns = record.TryGetProperty("num_turns", out var count) && count.ValueKind == JsonValueKind.Number ? count.GetInt32() : 1;
        if (turns < 1)
        {
            throw new DatasetFormatException(path, line, "num_turns", $"{turns} turns; expected at least 1");
        }

        if (!record.TryGetProperty("model_outputs", out var outputs) || outputs.ValueKind != JsonValueKind.Array || outputs.GetArrayLength() < turns)
        {
            throw new DatasetFormatException(path, line, "model_outputs", $"expected a list with one list of answers per turn ({turns})");
        }

        return Enumerable.Range(0, turns).Select(turn => outputs[turn].ValueKind switch
        {
            JsonValueKind.Array => (IReadOnlyList<string>)outputs[turn].EnumerateArray().Select(Text).ToList(),
            JsonValueKind.String or JsonValueKind.Number => [Text(outputs[turn])], // a bare answer for a single-answer task
            _ => throw new DatasetFormatException(path, line, $"model_outputs[{turn}]", $"expected a list of answers, found {outputs[turn].ValueKind}"),
        }).ToList();

        static string Text(JsonElement item) => item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText();
    }

    /// <summary>A JSONL record's raw model output.</summary>
    private static string ReadRawOutput(JsonElement record, string path, int line)
        => record.TryGetProperty("output", out var output) && output.ValueKind == JsonValueKind.String
            ? output.GetString()!
            : throw new DatasetFormatException(path, line, "output", "missing or not a string");
}
