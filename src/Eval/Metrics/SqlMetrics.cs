using System.Globalization;

namespace LoftCompare.Eval.Metrics;

/// <summary>LOFT SQL execution accuracy (loft/evaluation/sql.py: normalize_sql_answer, compute_execution_accuracy).</summary>
public static class SqlMetrics
{
    /// <summary>Numbers become <c>%.2f</c>, everything is trimmed and lower-cased, empty cells dropped.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Normalize(IEnumerable<IEnumerable<string>> rows)
        => rows.Select(row => (IReadOnlyList<string>)row
                .Select(cell => double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && !double.IsNaN(number) && !double.IsInfinity(number)
                    ? number.ToString("F2", CultureInfo.InvariantCulture)
                    : cell)
                .Select(cell => cell.Trim().ToLowerInvariant())
                .Where(cell => cell.Length > 0)
                .ToList())
            .ToList();

    /// <summary>
    /// 1 when both answers have the same number of rows and every predicted row, as a set of cells, equals some gold
    /// row's set (order of rows and of cells within a row is ignored, as in LOFT).
    /// </summary>
    public static double ExecutionAccuracy(IEnumerable<IEnumerable<string>> gold, IEnumerable<IEnumerable<string>> predicted)
    {
        var goldRows = Normalize(gold).Select(r => r.ToHashSet(StringComparer.Ordinal)).ToList();
        var predictedRows = Normalize(predicted).Select(r => r.ToHashSet(StringComparer.Ordinal)).ToList();
        if (goldRows.Count != predictedRows.Count)
        {
            return 0.0;
        }

        return predictedRows.All(p => goldRows.Any(g => g.SetEquals(p))) ? 1.0 : 0.0;
    }
}
