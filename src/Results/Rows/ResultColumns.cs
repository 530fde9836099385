namespace LoftCompare.Results.Rows;

/// <summary>What a column holds, as far as SQL text differs between stores.</summary>
public enum ColumnType
{
    Text,
    Integer,
    Real,

    /// <summary>A time: ISO 8601 text in SQLite, <c>timestamptz</c> in PostgreSQL (see <see cref="SqlDialect"/>).</summary>
    Time,
}

/// <summary>One column of <c>results</c>: its name in the database, the <see cref="ResultRow"/> property it maps to, its type, and what it means.</summary>
public sealed record ResultColumn(string Name, string Property, ColumnType Type, bool Nullable, string Meaning);

/// <summary>
/// How one database spells what differs: reading and writing times. Key text orders as .NET's ordinal comparison
/// does in both (SQLite's BINARY; PostgreSQL's key columns are declared COLLATE "C", migration 3), so indexes serve ORDER BY.
/// </summary>
public sealed record SqlDialect(Func<string, string> ReadTime, Func<string, string> WriteTime)
{
    public static readonly SqlDialect Sqlite = new(column => column, parameter => parameter);

    /// <summary>Times are <c>timestamptz</c>, read back through <c>lc_iso</c> (migration 1) as the ISO text the row layer parses.</summary>
    public static readonly SqlDialect Postgres = new(column => $"lc_iso({column})", parameter => $"{parameter}::timestamptz");
}

/// <summary>
/// The one description of a result row's columns. Both stores' SQL for <c>results</c> (the upsert and every read),
/// <c>export-run</c>'s CSV columns and the check that docs/results-schema.md documents every column are driven from it;
/// what differs between databases is a <see cref="SqlDialect"/>. A new column is an entry here, its property on
/// <see cref="ResultRecord"/> (with its line in <see cref="ResultRow"/>), where it is produced, one migration per store
/// and its test.
/// </summary>
public static class ResultColumns
{
    public static readonly IReadOnlyList<ResultColumn> All =
    [
        new("run_id", nameof(ResultRow.RunId), ColumnType.Text, false, "the run"),
        new("task_name", nameof(ResultRow.TaskName), ColumnType.Text, false, "the suite's task"),
        new("pipeline", nameof(ResultRow.Pipeline), ColumnType.Text, false, "rag, long-context or self-route"),
        new("model_id", nameof(ResultRow.ModelId), ColumnType.Text, false, "the answering model (or the retriever on retrieval tasks)"),
        new("query_id", nameof(ResultRow.QueryId), ColumnType.Text, false, "the query"),
        new("prediction", nameof(ResultRow.Prediction), ColumnType.Text, true, "JSON array of the parsed answer"),
        new("raw_output", nameof(ResultRow.RawOutput), ColumnType.Text, true, "the model's text as returned"),
        new("retrieved_ids", nameof(ResultRow.RetrievedIds), ColumnType.Text, true, "JSON array of retrieved document ids, best first"),
        new("scores_json", nameof(ResultRow.ScoresJson), ColumnType.Text, true, "every score of the example"),
        new("primary_metric", nameof(ResultRow.PrimaryMetric), ColumnType.Text, true, "the task kind's leading metric"),
        new("primary_score", nameof(ResultRow.PrimaryScore), ColumnType.Real, true, "the leading metric's score"),
        new("input_tokens", nameof(ResultRow.InputTokens), ColumnType.Integer, true, "prompt tokens"),
        new("output_tokens", nameof(ResultRow.OutputTokens), ColumnType.Integer, true, "output tokens"),
        new("cached_input_tokens", nameof(ResultRow.CachedInputTokens), ColumnType.Integer, true, "prompt tokens a server reported as prefix-cache hits"),
        new("cost_usd", nameof(ResultRow.CostUsd), ColumnType.Real, true, "$ for the example from the work and declared prices"),
        new("retrieval_ms", nameof(ResultRow.RetrievalMs), ColumnType.Real, true, "time in retrieval"),
        new("model_ms", nameof(ResultRow.ModelMs), ColumnType.Real, true, "time in the final model attempt"),
        new("total_ms", nameof(ResultRow.TotalMs), ColumnType.Real, true, "time for the whole query"),
        new("error", nameof(ResultRow.Error), ColumnType.Text, true, "why the example failed or was declined"),
        new("recorded_at", nameof(ResultRow.RecordedAt), ColumnType.Time, false, "when the row was written"),
        new("gold_depth", nameof(ResultRow.GoldDepth), ColumnType.Real, true, "relative position of the first gold document"),
        new("ttft_ms", nameof(ResultRow.TtftMs), ColumnType.Real, true, "time to the first streamed text"),
        new("tokenizer_input_tokens", nameof(ResultRow.TokenizerInputTokens), ColumnType.Integer, true, "prompt tokens by our tokenizer"),
        new("context_note", nameof(ResultRow.ContextNote), ColumnType.Text, true, "how the context was cut, or a note on the reply"),
        new("route", nameof(ResultRow.Route), ColumnType.Text, true, "Self-Route: which side answered"),
        new("cache_hit", nameof(ResultRow.CacheHit), ColumnType.Integer, true, "1 when replayed from the response cache"),
        new("outcome", nameof(ResultRow.Outcome), ColumnType.Text, true, "succeeded, failed or declined"),
        new("attempts", nameof(ResultRow.Attempts), ColumnType.Integer, true, "times a model was asked"),
        new("backoff_ms", nameof(ResultRow.BackoffMs), ColumnType.Real, true, "time waiting between attempts"),
        new("model_wall_ms", nameof(ResultRow.ModelWallMs), ColumnType.Real, true, "model call wall time with every attempt"),
        new("prefix_tokens", nameof(ResultRow.PrefixTokens), ColumnType.Integer, true, "prompt tokens shared with the task's other queries"),
        new("cache_basis", nameof(ResultRow.CacheBasis), ColumnType.Text, true, "where the tokens priced as cached came from"),
        new("gpu_seconds", nameof(ResultRow.GpuSeconds), ColumnType.Real, true, "modelled GPU-seconds of a serving-card price"),
        new("confidence", nameof(ResultRow.Confidence), ColumnType.Real, true, "the answering model's confidence"),
        new("encodings_cached", nameof(ResultRow.EncodingsCached), ColumnType.Real, true, "share of an in-process model's encodings the cache served"),
        new("correct", nameof(ResultRow.Correct), ColumnType.Integer, true, "1 right, 0 wrong, null declined"),
        new("model_calls", nameof(ResultRow.ModelCalls), ColumnType.Text, true, "JSON array of the example's model calls, each priced at its own model's price"),
    ];

    /// <summary>The key: one row per (run, task, pipeline, model, query).</summary>
    public static readonly IReadOnlyList<string> Key = ["run_id", "task_name", "pipeline", "model_id", "query_id"];

    /// <summary>Every column, aliased to its <see cref="ResultRow"/> property for Dapper; <paramref name="table"/> qualifies the names.</summary>
    public static string Select(SqlDialect dialect, string? table = null)
        => string.Join(", ", All.Select(c =>
        {
            var name = table is null ? c.Name : $"{table}.{c.Name}";
            return $"{(c.Type == ColumnType.Time ? dialect.ReadTime(name) : name)} AS {c.Property}";
        }));

    /// <summary>The idempotent write: a second write of a key replaces every other column, never duplicates the row.</summary>
    public static string Upsert(SqlDialect dialect)
        => $"""
            INSERT INTO results ({string.Join(", ", All.Select(c => c.Name))})
            VALUES ({string.Join(", ", All.Select(c => c.Type == ColumnType.Time ? dialect.WriteTime($"@{c.Property}") : $"@{c.Property}"))})
            ON CONFLICT ({string.Join(", ", Key)}) DO UPDATE SET
                {string.Join(", ", All.Where(c => !Key.Contains(c.Name)).Select(c => $"{c.Name} = excluded.{c.Name}"))}
            """;

    /// <summary>A row's values in <see cref="All"/> order, as the database holds them (JSON text, outcome words, 0/1 flags).</summary>
    public static object?[] Values(ResultRow row)
    {
        var values = new object?[Properties.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Properties[i].GetValue(row);
        }

        return values;
    }

    // Immutable, looked up once: which ResultRow property holds each column.
    private static readonly System.Reflection.PropertyInfo[] Properties = All
        .Select(c => typeof(ResultRow).GetProperty(c.Property) ?? throw new InvalidOperationException($"ResultRow has no property {c.Property} for column {c.Name}."))
        .ToArray();
}
