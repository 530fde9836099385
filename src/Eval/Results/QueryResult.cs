namespace LoftCompare.Eval.Results;

/// <summary>Column names and rows of a read-only query, values as SQLite returned them.</summary>
public sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows)
{
    /// <summary>Reads up to <paramref name="maxRows"/> rows of a result set, database nulls as null.</summary>
    public static async Task<QueryResult> ReadAsync(System.Data.Common.DbDataReader reader, int maxRows, CancellationToken cancellationToken)
    {
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var rows = new List<object?[]>();
        while (rows.Count < maxRows && await reader.ReadAsync(cancellationToken))
        {
            var values = new object?[reader.FieldCount];
            reader.GetValues(values!);
            rows.Add(values.Select(v => v is DBNull ? null : v).ToArray());
        }

        return new QueryResult(columns, rows);
    }
}
