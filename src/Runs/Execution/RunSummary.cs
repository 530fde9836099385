using LoftCompare.Results;

namespace LoftCompare.Runs.Execution;

/// <summary>How a run ended: its id, status, rows written in this pass and failed examples in the whole run.</summary>
public sealed record RunSummary(string RunId, RunStatus Status, int RowsWritten, int FailedExamples, IReadOnlyList<string> TaskErrors)
{
    /// <summary>Asked to stop: examples in flight finished and were recorded, the run is stored as cancelled and can be resumed.</summary>
    public bool Interrupted { get; init; }

    /// <summary>Examples the model declined (n/a: it cannot do the task kind).</summary>
    public int Declined { get; init; }

    /// <summary>Examples the run set out to record.</summary>
    public int Planned { get; init; }

    /// <summary>Examples recorded in the database, over every pass of the run.</summary>
    public int Recorded { get; init; }

    /// <summary>Why the run failed, with counts; null when it succeeded.</summary>
    public string? Reason { get; init; }
}
