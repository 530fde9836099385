using LoftCompare.Results;

namespace LoftCompare.Worker.Serving;

/// <summary>One query of one task in a run, with every pipeline's row for it, and who got it right.</summary>
public sealed record ExampleRow(string TaskName, string QueryId, IReadOnlyList<ResultRecord> Rows)
{
    public ResultRecord? Rag => Rows.FirstOrDefault(r => r.Pipeline == "rag");

    public ResultRecord? LongContext => Rows.FirstOrDefault(r => r.Pipeline == "long-context");

    /// <summary>RAG right and long context wrong (both answered).</summary>
    public bool OnlyRagRight => Right(Rag) == true && Right(LongContext) == false;

    /// <summary>Long context right and RAG wrong (both answered).</summary>
    public bool OnlyLongContextRight => Right(LongContext) == true && Right(Rag) == false;

    /// <summary>Right when the leading score is 1; null for a declined row or no row.</summary>
    public static bool? Right(ResultRecord? row)
        => row is null || row.Outcome == ExampleOutcome.Declined ? null : row.Error is null && row.PrimaryScore >= 1;

    /// <summary>The run's rows grouped per (task, query), filtered as the examples page asks.</summary>
    public static IReadOnlyList<ExampleRow> Of(IEnumerable<ResultRecord> results, ExampleFilter filter)
        => results
            .Where(r => filter.Task is null || r.TaskName == filter.Task)
            .Where(r => filter.Model is null || r.ModelId == filter.Model)
            .GroupBy(r => (r.TaskName, r.QueryId))
            .Select(g => new ExampleRow(g.Key.TaskName, g.Key.QueryId, g.OrderBy(r => r.Pipeline, StringComparer.Ordinal).ToList()))
            .Where(e => filter.Pipeline is null || e.Rows.Any(r => r.Pipeline == filter.Pipeline && (filter.Correct is null || Right(r) == filter.Correct)))
            .Where(e => filter.Pipeline is not null || filter.Correct is null || e.Rows.Any(r => Right(r) == filter.Correct))
            .Where(e => filter.Only switch { "rag" => e.OnlyRagRight, "long-context" => e.OnlyLongContextRight, _ => true })
            .OrderBy(e => e.TaskName, StringComparer.Ordinal).ThenBy(e => e.QueryId, StringComparer.Ordinal)
            .ToList();
}

/// <summary>The examples page's filters (query string): task, pipeline, model, correct or not, "only RAG right" / "only long context right".</summary>
public sealed record ExampleFilter(string? Task, string? Pipeline, string? Model, bool? Correct, string? Only);
