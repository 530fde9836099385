namespace LoftCompare.Results;

/// <summary>Column names and rows of a read-only query, values as SQLite returned them.</summary>
public sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows)
{
    /// <summary>The most bytes of values a query holds in memory: past it the result is cut, whatever the row limit.</summary>
    public const long DefaultMaxBytes = 256L * 1024 * 1024;

    /// <summary>The result set had more rows than were read (the row limit or the byte limit cut it).</summary>
    public bool Truncated { get; init; }

    /// <summary>The byte limit, when it (not the row limit) cut the result.</summary>
    public long? CutAtBytes { get; init; }

    /// <summary>Reads up to <paramref name="maxRows"/> rows of a result set (and about <paramref name="maxBytes"/> of values), database nulls as null, and whether more were left.</summary>
    public static async Task<QueryResult> ReadAsync(System.Data.Common.DbDataReader reader, int maxRows, CancellationToken cancellationToken, long maxBytes = DefaultMaxBytes)
    {
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var rows = new List<object?[]>();
        var bytes = 0L;
        while (rows.Count < maxRows && bytes <= maxBytes && await reader.ReadAsync(cancellationToken))
        {
            var values = new object?[reader.FieldCount];
            reader.GetValues(values!);
            rows.Add(values.Select(v => v is DBNull ? null : v).ToArray());
            bytes += values.Sum(SizeOf);
        }

        if (bytes > maxBytes)
        {
            return new QueryResult(columns, rows) { Truncated = true, CutAtBytes = maxBytes };
        }

        return new QueryResult(columns, rows) { Truncated = rows.Count == maxRows && await reader.ReadAsync(cancellationToken) };
    }

    private static long SizeOf(object? value) => value switch
    {
        string text => 2L * text.Length,
        byte[] blob => blob.Length,
        _ => 8,
    };
}
