namespace LoftCompare.Eval.Results;

/// <summary>How one example ended (<see cref="ResultRecord.Outcome"/>).</summary>
public static class ExampleOutcomes
{
    public const string Succeeded = "succeeded";

    /// <summary>An error: the endpoint failed, the context did not fit, preparation failed, ... (see the row's error).</summary>
    public const string Failed = "failed";

    /// <summary>The model cannot do this task kind (e.g. the extractive reader and SQL): n/a, never a score of 0.</summary>
    public const string Declined = "declined";

    /// <summary>The outcome of a row, reading rows written before outcomes were recorded by their error.</summary>
    public static string Of(ResultRecord row)
        => row.Outcome ?? (row.Error is null ? Succeeded : row.Error.StartsWith(nameof(NotSupportedException) + ":", StringComparison.Ordinal) ? Declined : Failed);
}
