using LoftCompare.Results;

namespace LoftCompare.Worker.Serving;

/// <summary>One query of one task in a run, with every pipeline's row for it.</summary>
public sealed record ExampleRow(string TaskName, string QueryId, IReadOnlyList<ResultRecord> Rows)
{
    /// <summary>Right when the leading score is 1; null for a declined row or no row.</summary>
    public static bool? Right(ResultRecord? row) => row?.Correct;

    /// <summary>A page of rows, as the store returns it in (task, query) order, grouped per example.</summary>
    public static IReadOnlyList<ExampleRow> Group(IReadOnlyList<ResultRecord> rows)
    {
        var examples = new List<ExampleRow>();
        foreach (var row in rows)
        {
            if (examples.Count == 0 || examples[^1].TaskName != row.TaskName || examples[^1].QueryId != row.QueryId)
            {
                examples.Add(new ExampleRow(row.TaskName, row.QueryId, new List<ResultRecord>()));
            }

            ((List<ResultRecord>)examples[^1].Rows).Add(row);
        }

        return examples;
    }

    /// <summary>The page's <c>only=</c> value: <c>rag</c>, <c>long-context</c> or none; false for anything else (refused with a 400).</summary>
    public static bool TryParseOnly(string? value, out OnlyRight? only)
    {
        only = value switch
        {
            "rag" => OnlyRight.Rag,
            "long-context" => OnlyRight.LongContext,
            _ => null,
        };
        return only is not null || string.IsNullOrEmpty(value);
    }

    /// <summary>The <c>only=</c> value of a filter, for links.</summary>
    public static string OnlyText(OnlyRight? only) => only switch
    {
        OnlyRight.Rag => "rag",
        OnlyRight.LongContext => "long-context",
        _ => string.Empty,
    };
}
