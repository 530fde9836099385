namespace LoftCompare.Eval.Results;

/// <summary>Column names and rows of a read-only query, values as SQLite returned them.</summary>
public sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows);
