namespace LoftCompare.Runs.Execution;

/// <summary>Progress of a run: which task and pipeline, and how many of its examples are recorded.</summary>
public readonly record struct RunProgress(string TaskName, string Pipeline, int Done, int Total)
{
    /// <summary>Examples recorded as failed in this pass.</summary>
    public int Failed { get; init; }

    /// <summary>Examples the whole run plans (every task × pipeline × query), for overall progress and ETA.</summary>
    public int RunPlanned { get; init; }
}
