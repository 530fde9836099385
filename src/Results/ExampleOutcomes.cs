namespace LoftCompare.Results;

/// <summary>Reading an example's outcome from rows written before outcomes were recorded.</summary>
public static class ExampleOutcomes
{
    /// <summary>No error: succeeded; the reader's "cannot do task kind" error: declined; any other error: failed.</summary>
    public static ExampleOutcome FromError(string? error)
        => error is null ? ExampleOutcome.Succeeded
            : error.StartsWith(nameof(NotSupportedException) + ":", StringComparison.Ordinal) || error.StartsWith("declined:", StringComparison.Ordinal) ? ExampleOutcome.Declined
            : ExampleOutcome.Failed;
}
