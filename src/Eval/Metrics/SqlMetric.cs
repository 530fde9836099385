using System.Text.Json;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Eval.Metrics;

/// <summary>
/// LOFT SQL: execution accuracy of the predicted rows against the gold rows. A prediction item that is a JSON array is
/// one row; a prediction of bare values is one row of those values (LOFT wraps a flat list the same way).
/// </summary>
public sealed class SqlMetric : IMetric
{
    public TaskKind Kind => TaskKind.Sql;

    public string Origin => "LOFT";

    public string PrimaryScore => "exec_acc";

    public IReadOnlyList<string> ScoreNames { get; } = ["exec_acc"];

    public ValueTask<IReadOnlyDictionary<string, double>> ScoreAsync(Query query, IReadOnlyList<string>? prediction, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(Score(query, prediction));

    public IReadOnlyDictionary<string, double> Score(Query query, IReadOnlyList<string>? prediction)
        => new Dictionary<string, double> { ["exec_acc"] = prediction is null ? 0 : SqlMetrics.ExecutionAccuracy(query.Rows, Rows(prediction)) };

    /// <summary>The predicted rows: items written as JSON arrays are rows, otherwise the items form one row.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Rows(IReadOnlyList<string> prediction)
    {
        if (prediction.Count == 0)
        {
            return [];
        }

        var rows = new List<IReadOnlyList<string>>();
        foreach (var item in prediction)
        {
            if (!TryParseRow(item, out var row))
            {
                return [prediction];
            }

            rows.Add(row);
        }

        return rows;
    }

    private static bool TryParseRow(string item, out IReadOnlyList<string> row)
    {
        row = [];
        if (!item.TrimStart().StartsWith('['))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(item);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return false;
            }

            row = document.RootElement.EnumerateArray().Select(c => c.ValueKind == JsonValueKind.String ? c.GetString()! : c.ValueKind == JsonValueKind.Null ? string.Empty : c.GetRawText()).ToList();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
