namespace LoftCompare.Eval.Results;

/// <summary>Column names and rows of a read-only query, values as SQLite returned them.</summary>
public sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows)
{
    /// <summary>The result set had more rows than were read (the row limit cut it).</summary>
    public bool Truncated { get; init; }

    /// <summary>Reads up to <paramref name="maxRows"/> rows of a result set, database nulls as null, and whether more were left.</summary>
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

        return new QueryResult(columns, rows) { Truncated = rows.Count == maxRows && await reader.ReadAsync(cancellationToken) };
    }
}
